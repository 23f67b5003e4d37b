import DocketSupport
import Foundation

/// Where the PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`, `psql`) live.
public struct PostgresBinaries: Sendable {
    public var directory: String

    public func path(_ program: String) -> String { (directory as NSString).appendingPathComponent(program) }

    /// Looks in `DOCKET_PG_BINDIR`, then `pg_config --bindir`, then Debian's
    /// `/usr/lib/postgresql/<newest>/bin`. A folder counts only if it holds `initdb` and `pg_ctl`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let explicit = environment["DOCKET_PG_BINDIR"], !explicit.isEmpty { candidates.append(explicit) }
        if let pgConfig = ProcessRunner.which("pg_config", path: environment["PATH"]),
           let output = try? ProcessRunner.run(pgConfig, ["--bindir"]), output.succeeded {
            candidates.append(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        candidates += debianBinDirectories()
        for dir in candidates where hasServer(dir) {
            return PostgresBinaries(directory: dir)
        }
        throw PostgresError(.serverNotInstalled,
                            "PostgreSQL server programs (initdb, pg_ctl) are not installed: run `apt-get install postgresql` (or set DOCKET_PG_BINDIR, or pass --database URL to use an existing server)")
    }

    static func hasServer(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: "\(dir)/initdb") && fm.isExecutableFile(atPath: "\(dir)/pg_ctl")
    }

    /// `/usr/lib/postgresql/*/bin`, newest major version first.
    static func debianBinDirectories() -> [String] {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }
    }
}
