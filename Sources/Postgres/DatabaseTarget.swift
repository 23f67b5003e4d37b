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
