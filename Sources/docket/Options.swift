import ArgumentParser
import DocketSupport
import Foundation
import Postgres

/// `--database`, shared by every command that talks to PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL URL or key=value conninfo. Overrides DOCKET_DATABASE_URL; without either, the embedded cluster is used.",
        valueName: "url"))
    var database: String?

    var target: DatabaseTarget {
        DatabaseTarget.resolve(flag: database, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens a connection to the chosen database, starting the embedded cluster when needed.
    func connect() throws -> Connection {
        switch target {
        case .url(let url, _):
            return try Connection(url)
        case .embedded:
            return try Connection(try embeddedCluster().ensureRunning())
        }
    }

    /// Connects once to fail fast with one clear line when the database is unreachable or not
    /// migrated, and returns the URL long-running commands reconnect with.
    func migratedServerURL() throws -> String {
        let probe = try connect()
        guard try probe.query("SELECT to_regclass('docket.jobs') IS NOT NULL").scalar(Bool.self) else {
            throw SupportError(code: "not_migrated", message: "the database has no docket.jobs table; run docket migrate first")
        }
        switch target {
        case .url(let given, _): return given
        case .embedded: return try embeddedCluster().url
        }
    }

    /// The server's URL, starting the embedded cluster when it is the target (no migration check:
    /// benchmarks make scratch databases of their own).
    func serverURL() throws -> String {
        switch target {
        case .url(let given, _): return given
        case .embedded: return try embeddedCluster().ensureRunning()
        }
    }

    /// A short description of where the database is, for status output.
    func describe() throws -> String {
        switch target {
        case .url(let url, let origin): return "\(redactPassword(url)) (from \(origin))"
        case .embedded: return "embedded cluster at \(try embeddedCluster().layout.root)"
        }
    }

    func embeddedCluster() throws -> EmbeddedCluster {
        try EmbeddedCluster(home: DocketHome.resolve(), report: { printError("docket: \($0)") })
    }
}

/// Hides a password in a URL before it is printed.
func redactPassword(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else { return url }
    components.password = "***"
    return components.string ?? url
}

/// `--migrations`, for the commands that read the migrations folder.
struct MigrationsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Folder of NNN_name.sql files. Default: the first migrations/ found in DOCKET_RESOURCES, DOCKET_HOME, beside the binary, the working directory.",
        valueName: "dir"))
    var migrations: String?

    func migrator() throws -> Migrator {
        try Migrator(folder: try ResourceLocator().locate(.migrations, explicit: migrations))
    }
}
