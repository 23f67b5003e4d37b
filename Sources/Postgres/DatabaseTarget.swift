/// Which database a command talks to, decided without touching the network or the disk.
public enum DatabaseTarget: Equatable, Sendable {
    /// A server the user named; `origin` says where the URL came from, for messages.
    case url(String, origin: String)
    /// Docket's own private cluster under `DOCKET_HOME`.
    case embedded

    public static let environmentKey = "DOCKET_DATABASE_URL"

    /// Precedence: `--database URL` > `DOCKET_DATABASE_URL` > the embedded cluster. The `PG*`
    /// variables never select a server here; libpq uses them only to fill in what a URL omits.
    public static func resolve(flag: String?, environment: [String: String]) -> DatabaseTarget {
        if let flag, !flag.isEmpty { return .url(flag, origin: "--database") }
        if let env = environment[environmentKey], !env.isEmpty { return .url(env, origin: environmentKey) }
        return .embedded
    }
}

/// Helpers for connection strings in either libpq form.
public enum ConnectionString {
    /// The same connection string pointed at another database; every other parameter is kept.
    public static func replacingDatabase(in conninfo: String, with database: String) -> String {
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") {
            guard var components = URLComponents(string: conninfo) else { return conninfo }
            components.path = "/" + database
            return components.string ?? conninfo
        }
        // In key/value form a later keyword overrides an earlier one.
        return conninfo + " dbname='\(database.replacingOccurrences(of: "'", with: "\\'"))'"
    }
}

import Foundation
