import DocketSupport
import Foundation

/// Docket's private PostgreSQL cluster under `DOCKET_HOME`: created with `initdb` on first use,
/// listening on a unix socket only, started on demand and stopped with `stop()`.
///
/// When root runs Docket the server runs as the `postgres` system user (PostgreSQL refuses to
/// run as root), so the cluster's folders are owned by that user and placed where it can reach.
public final class EmbeddedCluster {
    public enum State: Equatable, Sendable {
        case notInitialized
        case stopped
        case running
    }

    public let home: String
    public let layout: ClusterLayout
    public let binaries: PostgresBinaries
    let serverUser: ServerUser
    /// Receives one-line progress messages ("initializing …", "starting …").
    let report: (String) -> Void

    struct ServerUser {
        var name: String
        var uid: uid_t
        var gid: gid_t
        /// True when we are root and must switch to `name` to run server programs.
        var switchUser: Bool
    }

    public init(home: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                report: @escaping (String) -> Void = { _ in }) throws {
        self.home = home
        self.report = report
        binaries = try PostgresBinaries.locate(environment: environment)
        if getuid() == 0 {
            guard let pw = getpwnam("postgres") else {
                throw PostgresError(.clusterSetup, "running as root needs the `postgres` system user to run the server; install the postgresql package or run docket as an ordinary user")
            }
            serverUser = ServerUser(name: "postgres", uid: pw.pointee.pw_uid, gid: pw.pointee.pw_gid, switchUser: true)
        } else {
            let name = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(getuid())"
            serverUser = ServerUser(name: name, uid: getuid(), gid: getgid(), switchUser: false)
        }
        try EmbeddedCluster.makeDirectory(home, mode: serverUser.switchUser ? 0o755 : 0o700)
        var canEnter = true
        if serverUser.switchUser {
            canEnter = (try? EmbeddedCluster.runAs(serverUser, "/usr/bin/test", ["-x", home], in: "/"))?.succeeded ?? false
        }
        layout = ClusterLayout.decide(home: home, serverUserCanEnterHome: canEnter)
        guard layout.socketPathFits else {
            throw PostgresError(.clusterSetup, "the socket path \(layout.socketPath) is longer than the 107 bytes unix sockets allow; set DOCKET_HOME to a shorter folder")
        }
    }

    public var url: String { layout.url }

    // MARK: State

    public func state() throws -> State {
        guard FileManager.default.fileExists(atPath: layout.dataDirectory + "/PG_VERSION") else { return .notInitialized }
        let output = try runServerProgram("pg_ctl", ["status", "-D", layout.dataDirectory])
        return output.status == 0 ? .running : .stopped
    }

    /// Initializes and starts the cluster if needed; returns its URL once it accepts connections.
    /// Serialized with a file lock so two `docket` processes starting at once do not race.
    @discardableResult
    public func ensureRunning() throws -> String {
        try prepareRoot()
        return try withLock {
            if try state() == .notInitialized { try initialize() }
            try checkOwnership()
            if try state() != .running { try start() }
            try ensureDatabase()
            return url
        }
    }

    /// Stops the server (fast shutdown: running transactions roll back, nothing is lost).
    /// Returns false when it was not running.
    @discardableResult
    public func stop() throws -> Bool {
        guard try state() == .running else { return false }
        let output = try runServerProgram("pg_ctl", ["stop", "-D", layout.dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"])
        guard output.succeeded else {
            throw PostgresError(.clusterSetup, "pg_ctl stop failed: \(oneLine(output.stderr + output.stdout))")
        }
        return true
    }

    // MARK: Steps

    private func prepareRoot() throws {
        if layout.relocationReason != nil {
            try EmbeddedCluster.makeDirectory((layout.root as NSString).deletingLastPathComponent, mode: 0o755)
        }
        for dir in [layout.root, layout.root + "/log"] {
            try EmbeddedCluster.makeDirectory(dir, mode: 0o700)
            try chownToServer(dir)
        }
    }

    private func initialize() throws {
        report("initializing the embedded PostgreSQL cluster in \(layout.root)")
        if let reason = layout.relocationReason { report(reason) }
        let output = try runServerProgram("initdb", [
            "-D", layout.dataDirectory, "-U", ClusterLayout.superuser, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-instructions",
        ])
        guard output.succeeded else {
            throw PostgresError(.clusterSetup, "initdb failed: \(oneLine(output.stderr))")
        }
        // Unix socket only, in a private folder: trust authentication is safe because only the
        // server user (and root) can enter that folder. Nothing logged carries query values.
        let settings = """

        # Docket's embedded cluster
        listen_addresses = ''
        unix_socket_directories = '\(layout.socketDirectory)'
        unix_socket_permissions = 0700
        port = \(ClusterLayout.port)
        log_min_error_statement = panic
        log_error_verbosity = terse
        """
        let conf = FileHandle(forWritingAtPath: layout.dataDirectory + "/postgresql.conf")
        conf?.seekToEndOfFile()
        conf?.write(Data(settings.utf8))
        try conf?.close()
    }

    private func checkOwnership() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: layout.dataDirectory)
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value ?? 0
        guard owner == serverUser.uid else {
            throw PostgresError(.clusterSetup, "data directory \(layout.dataDirectory) is owned by uid \(owner), but the server runs as \(serverUser.name) (uid \(serverUser.uid)); fix it with `chown -R \(serverUser.name) \(layout.root)` or set DOCKET_HOME to another folder")
        }
    }

    private func start() throws {
        // The socket folder may have been removed (tmp cleaners); recreate it before starting.
        try EmbeddedCluster.makeDirectory(layout.socketDirectory, mode: 0o700)
        try chownToServer(layout.socketDirectory)
        report("starting the embedded PostgreSQL server (\(layout.root))")
        let output = try runServerProgram("pg_ctl", [
            "start", "-D", layout.dataDirectory, "-l", layout.logFile, "-w", "-t", "60", "-s",
        ])
        guard output.succeeded else {
            throw PostgresError(.clusterSetup, "the embedded server did not start: \(oneLine(output.stderr + output.stdout)) \(lastLogLine()); see \(layout.logFile)")
        }
    }

    private func ensureDatabase() throws {
        let admin = try Connection(layout.url.replacingOccurrences(of: "/\(ClusterLayout.database)?", with: "/postgres?"))
        let exists = try admin.query("SELECT count(*) FROM pg_database WHERE datname = $1", [ClusterLayout.database]).scalar(Int.self)
        if exists == 0 {
            try admin.unsafeExecute("CREATE DATABASE \(try Connection.checkedIdentifier(ClusterLayout.database))")
        }
    }

    private func lastLogLine() -> String {
        guard let text = try? String(contentsOfFile: layout.logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").last.map { "(log: \($0))" } ?? ""
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(layout.lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw PostgresError(.clusterSetup, "cannot open \(layout.lockFile): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else {
            throw PostgresError(.clusterSetup, "cannot lock \(layout.lockFile): \(String(cString: strerror(errno)))")
        }
        return try body()
    }

    // MARK: Processes and files

    private func runServerProgram(_ program: String, _ arguments: [String]) throws -> ProcessOutput {
        try EmbeddedCluster.runAs(serverUser, binaries.path(program), arguments, in: layout.root)
    }

    static func runAs(_ user: ServerUser, _ executable: String, _ arguments: [String], in directory: String) throws -> ProcessOutput {
        // libpq and the server read these; an inherited PGDATA or PGPORT must not redirect them.
        var environment = ProcessInfo.processInfo.environment
        for key in ["PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGOPTIONS"] { environment[key] = nil }
        let cwd = FileManager.default.fileExists(atPath: directory) ? directory : "/"
        if user.switchUser {
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/runuser"
            return try ProcessRunner.run(runuser, ["-u", user.name, "--", executable] + arguments, environment: environment, currentDirectory: cwd)
        }
        return try ProcessRunner.run(executable, arguments, environment: environment, currentDirectory: cwd)
    }

    private func chownToServer(_ path: String) throws {
        guard serverUser.switchUser else { return }
        guard chown(path, serverUser.uid, serverUser.gid) == 0 else {
            throw PostgresError(.clusterSetup, "cannot give \(path) to \(serverUser.name): \(String(cString: strerror(errno)))")
        }
    }

    static func makeDirectory(_ path: String, mode: Int) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: mode])
        } catch {
            throw PostgresError(.clusterSetup, "cannot create \(path): \(error.localizedDescription)")
        }
    }
}
