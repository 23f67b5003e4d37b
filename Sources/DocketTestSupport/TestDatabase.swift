import Crypto
import DocketSupport
import Foundation
import Postgres

/// A fresh database for one test, copied from a migrated template (`CREATE DATABASE … TEMPLATE`
/// takes milliseconds). Tests therefore run in any order and in parallel.
///
/// Databases are not dropped when a test ends: Swift may release a value right after its last
/// use, while a connection to the database is still working. Leftovers from earlier runs are
/// swept instead when a test process first touches the server (only those nobody is using).
///
/// The server is `DOCKET_TEST_DATABASE_URL` when set (scripts/test.sh starts one), otherwise an
/// embedded cluster under `DOCKET_TEST_HOME` (default `/tmp/docket-test-<uid>`), started on demand.
public final class TestDatabase {
    public let name: String
    public let url: String

    private init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// A new database with every migration applied (or none, with `migrated: false`).
    public static func create(migrated: Bool = true) throws -> TestDatabase {
        let server = try TestServer.shared.require()
        let admin = try Connection(server.adminURL)
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        if migrated {
            let template = try server.migratedTemplate(admin)
            try admin.unsafeExecute("CREATE DATABASE \(quoted(String(name))) TEMPLATE \(quoted(template))")
        } else {
            try admin.unsafeExecute("CREATE DATABASE \(quoted(String(name)))")
        }
        return TestDatabase(name: String(name), url: server.url(forDatabase: String(name)))
    }

    public func connect() throws -> Connection { try Connection(url) }
}

/// The repository's folders, found from this source file's location.
public enum Repository {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    public static var migrations: String { root + "/migrations" }
    public static var shared: String { (root as NSString).deletingLastPathComponent + "/shared" }

    /// The built `docket` binary beside the test bundle (or `DOCKET_BIN`).
    public static var docketBinary: String {
        if let explicit = ProcessInfo.processInfo.environment["DOCKET_BIN"] { return explicit }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.path.hasSuffix(".xctest/Contents/MacOS") { for _ in 0..<3 { dir.deleteLastPathComponent() } }
        return dir.appendingPathComponent("docket").path
    }
}

final class TestServer: @unchecked Sendable {
    static let shared = TestServer()

    private let lock = NSLock()
    private var baseURL: String?
    private var startError: Error?
    private var templateName: String?

    var adminURL: String { baseURL.map { ConnectionString.replacingDatabase(in: $0, with: "postgres") } ?? "" }

    func require() throws -> TestServer {
        try lock.withLock {
            if baseURL != nil { return }
            if let startError { throw startError }
            do {
                if let url = ProcessInfo.processInfo.environment["DOCKET_TEST_DATABASE_URL"], !url.isEmpty {
                    baseURL = url
                } else {
                    let home = ProcessInfo.processInfo.environment["DOCKET_TEST_HOME"] ?? "/tmp/docket-test-\(getuid())"
                    baseURL = try EmbeddedCluster(home: home).ensureRunning()
                }
                sweepLeftovers()
            } catch {
                startError = error
                throw error
            }
        }
        return self
    }

    /// Drops test databases from earlier runs. Without FORCE, a database still in use by a
    /// concurrently running test process is left alone (the DROP fails and is ignored).
    private func sweepLeftovers() {
        guard let admin = try? Connection(adminURL),
              let names = try? admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%'").rows
                .map({ try $0.decode(0, as: String.self) }) else { return }
        for name in names { try? admin.unsafeExecute("DROP DATABASE IF EXISTS \(quoted(name))") }
    }

    func url(forDatabase name: String) -> String { ConnectionString.replacingDatabase(in: baseURL!, with: name) }

    /// The template is named after the migrations' checksums, so editing a migration builds a
    /// new one. An advisory lock keeps parallel test processes from building it twice.
    func migratedTemplate(_ admin: Connection) throws -> String {
        if let templateName = lock.withLock({ templateName }) { return templateName }
        let migrator = try Migrator(folder: Repository.migrations)
        let digest = SHA256.hash(data: Data(migrator.files.map(\.checksum).joined().utf8))
        let name = "docket_tpl_" + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
        try admin.query("SELECT pg_advisory_lock(4242)")
        defer { _ = try? admin.query("SELECT pg_advisory_unlock(4242)") }
        let exists = try admin.query("SELECT count(*) FROM pg_database WHERE datname = $1", [name]).scalar(Int.self) > 0
        if !exists {
            let building = name + "_build"
            try admin.unsafeExecute("DROP DATABASE IF EXISTS \(quoted(building)) WITH (FORCE)")
            try admin.unsafeExecute("CREATE DATABASE \(quoted(building))")
            do {
                let connection = try Connection(url(forDatabase: building))
                try migrator.migrate(on: connection)
            }
            try admin.unsafeExecute("ALTER DATABASE \(quoted(building)) RENAME TO \(quoted(name))")
        }
        lock.withLock { templateName = name }
        return name
    }

}

func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

/// Runs a program and returns its status and output; for CLI tests.
public func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessOutput {
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    return try ProcessRunner.run(path, arguments, environment: env)
}

/// A `docket` process running in the background for a test, its output in a log file.
public final class BackgroundDocket {
    public let process = Process()

    public init(_ arguments: [String], log: String) throws {
        process.executableURL = URL(fileURLWithPath: Repository.docketBinary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DOCKET_DATABASE_URL"] = nil
        process.environment = env
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }
    public var terminationStatus: Int32 { process.terminationStatus }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits for the process to exit; false (and a SIGTERM) if it is still running at the timeout.
    @discardableResult
    public func waitForExit(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); return false }
        return true
    }

    /// SIGTERM, then wait.
    public func stop(timeout: TimeInterval = 20) {
        process.terminate()
        _ = waitForExit(timeout: timeout)
    }
}

/// A private, migrated embedded cluster for tests that stop and start the server. Call
/// `remove()` in a `defer`: it stops the server and deletes its folder.
public final class PrivateCluster {
    public let home: String
    public let cluster: EmbeddedCluster
    public let url: String

    public init(migrated: Bool = true) throws {
        home = "/tmp/docket-private-" + UUID().uuidString.prefix(8)
        // 0755 so the postgres user can enter it when the tests run as root.
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        cluster = try EmbeddedCluster(home: home)
        url = try cluster.ensureRunning()
        if migrated { try Migrator(folder: Repository.migrations).migrate(on: try Connection(url)) }
    }

    public func remove() {
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: home)
    }
}

/// Tests keep writing `SeededRandom` from here; the generator itself lives in DocketSupport.
public typealias SeededRandom = DocketSupport.SeededRandom

/// Makes a role in `group` for a test that switches roles; roles are cluster-wide, so callers
/// give a unique name and drop it at the end. Returns the quoted name.
public func makeRole(_ c: Connection, _ name: String, in group: String) throws -> String {
    let quoted = try Connection.checkedIdentifier(name)
    try c.unsafeExecute("CREATE ROLE \(quoted) NOLOGIN IN ROLE \(try Connection.checkedIdentifier(group))")
    return quoted
}

/// The SQLSTATE a statement fails with, or nil when it succeeds.
public func sqlState(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch let error as PostgresError { return error.sqlState } catch { return "other" }
}
