import Foundation
import Postgres

/// A throwaway database on the same server for a benchmark, migrated, dropped afterwards, so a
/// benchmark never touches the user's jobs.
public final class ScratchDatabase {
    public let url: String
    private let adminURL: String
    private let name: String

    public init(serverURL: String, migrations: String) throws {
        name = "docket_bench_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        adminURL = serverURL
        let admin = try Connection(serverURL)
        do {
            try admin.unsafeExecute("CREATE DATABASE \(try Connection.checkedIdentifier(name))")
        } catch let error as PostgresError where error.sqlState == "42501" {
            throw PostgresError(.server, "the benchmark needs to create a scratch database, and this role may not (CREATEDB)",
                                sqlState: "42501", hint: "run it against the embedded database or as a role with CREATEDB")
        }
        url = ConnectionString.replacingDatabase(in: serverURL, with: name)
        try Migrator(folder: migrations).migrate(on: try Connection(url))
    }

    deinit {
        if let admin = try? Connection(adminURL), let quoted = try? Connection.checkedIdentifier(name) {
            try? admin.unsafeExecute("DROP DATABASE IF EXISTS \(quoted) WITH (FORCE)")
        }
    }
}

/// Runs `body` on `threads` threads at once and returns the wall time.
func timeParallel(threads: Int, _ body: @escaping @Sendable (Int) -> Void) -> TimeInterval {
    let group = DispatchGroup()
    let start = DispatchTime.now()
    for index in 0..<threads {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    group.wait()
    return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}
