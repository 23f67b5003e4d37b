import ArgumentParser
import DocketSupport
import Foundation
import Postgres

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster (or show which database is in use).",
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self, Psql.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Initialize (first time) and start the embedded cluster; unix socket only.")
        @OptionGroup var db: DatabaseOptions

        func run() throws {
            let cluster = try embeddedOnly(db, action: "start")
            let url = try cluster.ensureRunning()
            print("embedded PostgreSQL is running")
            print("  data: \(cluster.layout.dataDirectory)")
            print("  log:  \(cluster.layout.logFile)")
            print("  url:  \(url)")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster cleanly.")
        @OptionGroup var db: DatabaseOptions

        func run() throws {
            let cluster = try embeddedOnly(db, action: "stop")
            print(try cluster.stop() ? "embedded PostgreSQL stopped" : "embedded PostgreSQL was not running")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say which database Docket uses and whether it is up.")
        @OptionGroup var db: DatabaseOptions

        func run() throws {
            switch db.target {
            case .url(let url, let origin):
                print("database: \(redactPassword(url)) (from \(origin))")
                let connection = try Connection(url)
                print("server:   PostgreSQL \(versionString(connection.serverVersion)), reachable")
            case .embedded:
                let cluster = try db.embeddedCluster()
                let state = try cluster.state()
                print("database: embedded cluster (DOCKET_HOME=\(cluster.home))")
                print("  data:   \(cluster.layout.dataDirectory)")
                if let reason = cluster.layout.relocationReason { print("  note:   \(reason)") }
                print("  state:  \(state == .running ? "running" : state == .stopped ? "stopped" : "not initialized (docket db start creates it)")")
                print("  url:    \(cluster.url)")
            }
        }
    }

    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print a connection URL for psql or a backend service (starts the embedded cluster if needed).")
        @OptionGroup var db: DatabaseOptions

        func run() throws {
            switch db.target {
            case .url(let url, _): print(url)
            case .embedded: print(try db.embeddedCluster().ensureRunning())
            }
        }
    }

    struct Psql: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open psql on Docket's database.",
            discussion: "Arguments after -- go to psql, e.g. docket db psql -- -c 'SELECT 1'.")
        @OptionGroup var db: DatabaseOptions
        @Argument(parsing: .postTerminator, help: "Arguments for psql, after --.")
        var psqlArguments: [String] = []

        func run() throws {
            let url: String
            var psql = ProcessRunner.which("psql")
            switch db.target {
            case .url(let given, _): url = given
            case .embedded:
                let cluster = try db.embeddedCluster()
                url = try cluster.ensureRunning()
                psql = psql ?? cluster.binaries.path("psql")
            }
            guard let psql, FileManager.default.isExecutableFile(atPath: psql) else {
                throw SupportError(code: "psql_missing", message: "psql is not installed: run `apt-get install postgresql-client`")
            }
            let argv = [psql, url] + psqlArguments
            var cArgs = argv.map { strdup($0) } + [nil]
            execv(psql, &cArgs)
            throw SupportError(code: "exec_failed", message: "cannot run \(psql): \(String(cString: strerror(errno)))")
        }
    }
}

/// The embedded cluster, or a clear error when the user chose another server.
func embeddedOnly(_ db: DatabaseOptions, action: String) throws -> EmbeddedCluster {
    if case .url(_, let origin) = db.target {
        throw SupportError(code: "not_embedded", message: "the database comes from \(origin); `docket db \(action)` manages only the embedded cluster")
    }
    return try db.embeddedCluster()
}

func versionString(_ version: Int) -> String { "\(version / 10000).\(version % 10000)" }
