import CLibPQ
import DocketSupport
import Foundation

/// One PostgreSQL connection over libpq. The class owns the `PGconn*` and frees it on deinit.
///
/// Threading: every call blocks the calling thread until the server answers. Do not call these
/// from Swift's cooperative pool (it has one thread per core); run database work on dedicated
/// threads. A connection is used by one thread at a time; it is not Sendable.
///
/// All values travel as bind parameters in binary format; results come back in binary format.
public final class Connection {
    let handle: OpaquePointer
    /// Names of statements prepared on this session (cleared when the session is reset).
    private var preparedNames: Set<String> = []
    private var transactionDepth = 0

    /// Connects with a URL (`postgresql://…`) or key/value conninfo (`host=… dbname=…`).
    /// Anything the string leaves out comes from libpq's defaults, including the `PG*`
    /// environment variables, service files and `~/.pgpass`.
    public init(_ conninfo: String, applicationName: String = "docket") throws {
        try Connection.validate(conninfo)
        var keywords = ["fallback_application_name"]
        var values = [applicationName]
        // Never hang on an unreachable host unless the user chose a timeout themselves.
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            keywords.append("connect_timeout")
            values.append("10")
        }
        // Expanded last so everything the user wrote overrides the defaults above.
        keywords.append("dbname")
        values.append(conninfo)
        let conn = withCStringArray(keywords) { k in
            withCStringArray(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn else { throw PostgresError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(.connectionFailed, "cannot connect to PostgreSQL: \(oneLine(reason))",
                                hint: "check the database URL, or that the server is running (docket db status)")
        }
        handle = conn
        // libpq prints NOTICE messages to stderr by default; Docket's output stays its own.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// Checks the syntax of a URL or conninfo string without connecting.
    public static func validate(_ conninfo: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            let reason = error.map { String(cString: $0) } ?? "unparseable connection string"
            if let error { PQfreemem(error) }
            throw PostgresError(.badConnectionString, "invalid database URL: \(oneLine(reason))",
                                hint: "use postgresql://user@host:port/dbname or key=value pairs")
        }
        PQconninfoFree(options)
    }

    /// True while libpq considers the session usable.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server's version as an integer, e.g. 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Reconnects with the same parameters after the session was lost.
    public func reset() throws {
        PQreset(handle)
        preparedNames.removeAll()
        transactionDepth = 0
        guard isConnected else {
            throw PostgresError(.connectionFailed, "reconnect failed: \(oneLine(String(cString: PQerrorMessage(handle))))",
                                connectionLost: true)
        }
    }

    // MARK: Queries

    /// Runs one statement with bind parameters (`$1`, `$2`, …) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> QueryResult {
        let bound = try BoundParameters(parameters)
        let result = bound.withPointers { types, values, lengths, formats in
            PQexecParams(handle, sql, Int32(bound.count), types, values, lengths, formats, 1)
        }
        return try check(result)
    }

    /// Runs a statement prepared once per session under `name`, then reused by name. The
    /// parameter types are taken from the first call's values.
    @discardableResult
    public func query(prepared name: String, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> QueryResult {
        let bound = try BoundParameters(parameters)
        if !preparedNames.contains(name) {
            let prepared = bound.types.withUnsafeBufferPointer { types in
                PQprepare(handle, name, sql, Int32(bound.count), types.baseAddress)
            }
            _ = try check(prepared)
            preparedNames.insert(name)
        }
        let result = bound.withPointers { _, values, lengths, formats in
            PQexecPrepared(handle, name, Int32(bound.count), values, lengths, formats, 1)
        }
        return try check(result)
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations, DDL).
    /// Named unsafe because nothing in it is bound: never build it from values.
    public func unsafeExecute(_ sqlText: String) throws {
        _ = try check(PQexec(handle, sqlText))
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    /// Nested calls become savepoints.
    @discardableResult
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        let savepoint = transactionDepth > 0 ? "docket_sp_\(transactionDepth)" : nil
        try unsafeExecute(savepoint.map { "SAVEPOINT \($0)" } ?? "BEGIN")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let value = try body(self)
            try unsafeExecute(savepoint.map { "RELEASE SAVEPOINT \($0)" } ?? "COMMIT")
            return value
        } catch {
            if isConnected {
                try? unsafeExecute(savepoint.map { "ROLLBACK TO SAVEPOINT \($0)" } ?? "ROLLBACK")
            }
            throw error
        }
    }

    // MARK: Errors

    /// Turns a libpq result into a `QueryResult` or the server's error.
    func check(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else { throw currentError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_SINGLE_TUPLE:
            return QueryResult(handle: result)
        default:
            let error = serverError(result)
            PQclear(result)
            throw error
        }
    }

    func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let lost = !isConnected
        let primary = field("M") ?? oneLine(String(cString: PQresultErrorMessage(result)))
        return PostgresError(lost ? .connectionLost : .server, primary.isEmpty ? "server closed the connection" : primary,
                             sqlState: field("C"), detail: field("D"), hint: field("H"), connectionLost: lost)
    }

    /// The connection-level error when libpq returned no result at all.
    func currentError() -> PostgresError {
        let text = oneLine(String(cString: PQerrorMessage(handle)))
        let lost = !isConnected
        return PostgresError(lost ? .connectionLost : .protocolViolation,
                             text.isEmpty ? "no result from server" : text, connectionLost: lost)
    }
}

/// Calls `body` with a NULL-terminated `const char**` built from `strings`.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
