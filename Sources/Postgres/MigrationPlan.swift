import Crypto
import Foundation

/// One `migrations/NNN_name.sql` file.
public struct MigrationFile: Equatable, Sendable {
    public var version: Int
    public var name: String
    public var sql: String
    /// SHA-256 of the file's bytes, hex.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public var fileName: String { String(format: "%03d_%@.sql", version, name) }
}

/// A migration recorded in `docket.schema_migrations`.
public struct AppliedMigration: Equatable, Sendable {
    public var version: Int
    public var name: String
    public var checksum: String
    public var appliedAt: Date?

    public init(version: Int, name: String, checksum: String, appliedAt: Date? = nil) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.appliedAt = appliedAt
    }
}

/// The pure part of migrating: which files are valid, which are applied, which are pending.
public enum MigrationPlan {
    /// Parses a folder listing into migration files, refusing bad names, duplicates and gaps.
    public static func files(from entries: [(fileName: String, contents: String)], folder: String) throws -> [MigrationFile] {
        var files: [MigrationFile] = []
        for entry in entries where entry.fileName.hasSuffix(".sql") {
            guard let parsed = parseName(entry.fileName) else {
                throw PostgresError(.migration, "\(folder)/\(entry.fileName): migration files must be named NNN_name.sql (three digits, lower-case name)")
            }
            files.append(MigrationFile(version: parsed.version, name: parsed.name, sql: entry.contents))
        }
        files.sort { $0.version < $1.version }
        guard !files.isEmpty else {
            throw PostgresError(.migration, "\(folder) holds no NNN_name.sql migration files")
        }
        for (index, file) in files.enumerated() {
            let expected = index + 1
            if file.version < expected {
                throw PostgresError(.migration, "\(folder): two migrations are numbered \(String(format: "%03d", file.version)); give each file its own number")
            }
            if file.version > expected {
                throw PostgresError(.migration, "\(folder): migration \(String(format: "%03d", expected)) is missing (the numbering jumps to \(file.fileName)); migrations must be numbered 001, 002, … without gaps")
            }
        }
        return files
    }

    static func parseName(_ fileName: String) -> (version: Int, name: String)? {
        let bytes = Array(fileName.utf8)
        guard bytes.count > 8, bytes[3] == UInt8(ascii: "_"), fileName.hasSuffix(".sql"),
              let version = Int(String(decoding: bytes[0..<3], as: UTF8.self)), version > 0 else { return nil }
        let name = String(decoding: bytes[4..<(bytes.count - 4)], as: UTF8.self)
        let validName = !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        return validName ? (version, name) : nil
    }

    /// The files still to apply, after checking that what the database holds matches the files:
    /// an applied file whose checksum changed, or an applied version with no file, is refused.
    public static func pending(files: [MigrationFile], applied: [AppliedMigration]) throws -> [MigrationFile] {
        let byVersion = Dictionary(uniqueKeysWithValues: files.map { ($0.version, $0) })
        for record in applied {
            guard let file = byVersion[record.version] else {
                throw PostgresError(.migration, "the database has migration \(String(format: "%03d", record.version))_\(record.name), which this Docket does not ship; use the Docket release that applied it (or newer)")
            }
            guard file.checksum == record.checksum else {
                throw PostgresError(.migration, "migration \(file.fileName) was changed after it was applied (checksum \(record.checksum.prefix(12))… in the database, \(file.checksum.prefix(12))… on disk); restore the original file and put the change in a new migration")
            }
        }
        let done = Set(applied.map(\.version))
        return files.filter { !done.contains($0.version) }
    }
}
