import DocketSupport
import Foundation

/// Applies `migrations/NNN_name.sql` in order, each in its own transaction, and records each
/// with its checksum in `docket.schema_migrations`.
public struct Migrator {
    public let folder: String
    public let files: [MigrationFile]

    /// Any fixed 64-bit key works; this one spells "docketmg" so it is recognisable in pg_locks.
    static let advisoryLockKey = 0x646f_636b_6574_6d67

    public init(folder: String) throws {
        self.folder = folder
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw PostgresError(.migration, "migrations folder \(folder) does not exist")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let entries = try names.filter { $0.hasSuffix(".sql") }.map { name in
            (fileName: name, contents: try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8))
        }
        files = try MigrationPlan.files(from: entries, folder: folder)
    }

    public struct Status: Sendable {
        public var file: MigrationFile
        public var appliedAt: Date?
    }

    /// Each file and when it was applied (nil when pending). Validates checksums.
    public func status(on connection: Connection) throws -> [Status] {
        let applied = try appliedMigrations(on: connection)
        _ = try MigrationPlan.pending(files: files, applied: applied)
        let times = Dictionary(uniqueKeysWithValues: applied.map { ($0.version, $0.appliedAt) })
        return files.map { Status(file: $0, appliedAt: times[$0.version] ?? nil) }
    }

    /// Applies what is pending and returns it. Holding an advisory lock for the whole run makes
    /// concurrent migrators safe: the second waits, then finds nothing left to do.
    @discardableResult
    public func migrate(on connection: Connection, progress: (MigrationFile) -> Void = { _ in }) throws -> [MigrationFile] {
        try connection.query("SELECT pg_advisory_lock($1)", [Migrator.advisoryLockKey])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [Migrator.advisoryLockKey]) }
        try bootstrap(connection)
        let pending = try MigrationPlan.pending(files: files, applied: try appliedMigrations(on: connection))
        for file in pending {
            progress(file)
            do {
                try connection.transaction { tx in
                    try tx.unsafeExecute(file.sql)
                    try tx.query("INSERT INTO docket.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                                 [file.version, file.name, file.checksum])
                }
            } catch let error as PostgresError {
                var wrapped = error
                wrapped.primary = "migration \(file.fileName) failed: \(error.primary)"
                throw wrapped
            }
        }
        return pending
    }

    private func bootstrap(_ connection: Connection) throws {
        try connection.unsafeExecute("""
            CREATE SCHEMA IF NOT EXISTS docket;
            CREATE TABLE IF NOT EXISTS docket.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """)
    }

    func appliedMigrations(on connection: Connection) throws -> [AppliedMigration] {
        let exists = try connection.query("SELECT to_regclass('docket.schema_migrations') IS NOT NULL").scalar(Bool.self)
        guard exists else { return [] }
        return try connection.query("SELECT version, name, checksum, applied_at FROM docket.schema_migrations ORDER BY version").rows.map {
            AppliedMigration(version: try $0.decode(0), name: try $0.decode(1), checksum: try $0.decode(2), appliedAt: try $0.decode(3))
        }
    }
}
