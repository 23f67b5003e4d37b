import CLibPQ

/// A completed statement's result. Owns the `PGresult*` and frees it on deinit; rows borrow it.
public final class QueryResult {
    let handle: OpaquePointer
    public let rowCount: Int
    public let columnNames: [String]
    let columnTypes: [PostgresType]

    init(handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        let fields = Int(PQnfields(handle))
        // COPY results report columns but no names; give those positional names.
        columnNames = (0..<fields).map { PQfname(handle, Int32($0)).map { String(cString: $0) } ?? "column\($0 + 1)" }
        columnTypes = (0..<fields).map { PostgresType(oid: PQftype(handle, Int32($0))) }
    }

    deinit { PQclear(handle) }

    /// Rows changed by INSERT/UPDATE/DELETE/COPY (0 for other statements).
    public var rowsAffected: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    public var rows: [Row] { (0..<rowCount).map { Row(result: self, index: $0) } }

    public subscript(row: Int) -> Row { Row(result: self, index: row) }

    /// The only row's only column; fails unless there is exactly one row.
    public func scalar<T: PostgresDecodable>(_: T.Type = T.self) throws -> T {
        guard rowCount == 1, !columnNames.isEmpty else {
            throw PostgresError(.decoding, "expected one row, got \(rowCount)")
        }
        return try self[0].decode(0, as: T.self)
    }

    func cell(row: Int, column: Int) -> PostgresCell {
        let r = Int32(row), c = Int32(column)
        let bytes: UnsafeRawBufferPointer?
        if PQgetisnull(handle, r, c) == 1 {
            bytes = nil
        } else {
            bytes = UnsafeRawBufferPointer(start: PQgetvalue(handle, r, c), count: Int(PQgetlength(handle, r, c)))
        }
        return PostgresCell(type: columnTypes[column], bytes: bytes, columnName: columnNames[column])
    }
}

/// One row of a `QueryResult`; keeps the result alive while it is used.
public struct Row {
    let result: QueryResult
    public let index: Int

    public func decode<T: PostgresDecodable>(_ column: Int, as _: T.Type = T.self) throws -> T {
        guard column >= 0, column < result.columnNames.count else {
            throw PostgresError(.decoding, "column index \(column) out of range (\(result.columnNames.count) columns)")
        }
        return try T(from: result.cell(row: index, column: column))
    }

    public func decode<T: PostgresDecodable>(_ column: String, as _: T.Type = T.self) throws -> T {
        guard let position = result.columnNames.firstIndex(of: column) else {
            throw PostgresError(.decoding, "no column named \(column) in the result")
        }
        return try decode(position, as: T.self)
    }

    public func isNull(_ column: Int) -> Bool { result.cell(row: index, column: column).isNull }
}
