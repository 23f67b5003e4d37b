import DocketSupport

/// Every error the Postgres module raises. Server errors carry the fields PostgreSQL sends;
/// `connectionLost` tells the caller the connection is unusable and must be reset.
public struct PostgresError: ReportableError {
    public enum Kind: String, Sendable {
        case badConnectionString = "bad_connection_string"
        case connectionFailed = "connection_failed"
        case connectionLost = "connection_lost"
        case server = "server_error"
        case decoding = "decoding_error"
        case encoding = "encoding_error"
        case protocolViolation = "protocol_error"
        case clusterSetup = "cluster_error"
        case serverNotInstalled = "postgres_not_installed"
        case migration = "migration_error"
    }

    public var kind: Kind
    /// The SQLSTATE the server reported (e.g. `23505`), when there is one.
    public var sqlState: String?
    public var primary: String
    public var detail: String?
    public var hint: String?
    /// True when the connection is gone (server restart, network cut): reset before reuse.
    public var connectionLost: Bool

    public init(_ kind: Kind, _ primary: String, sqlState: String? = nil, detail: String? = nil,
                hint: String? = nil, connectionLost: Bool = false) {
        self.kind = kind
        self.primary = primary
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.connectionLost = connectionLost
    }

    public var code: String { sqlState.map { "\(kind.rawValue):\($0)" } ?? kind.rawValue }

    public var message: String {
        var text = oneLine(primary)
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail, !detail.isEmpty { text += "; detail: \(oneLine(detail))" }
        if let hint, !hint.isEmpty { text += "; hint: \(oneLine(hint))" }
        return text
    }

    /// SQLSTATE class 40: serialization failure or deadlock; the transaction may be retried.
    public var isTransient: Bool {
        connectionLost || sqlState == "40001" || sqlState == "40P01" || sqlState?.hasPrefix("08") == true
    }
}
