import CLibPQ
import Foundation

extension Connection {
    /// Bulk-loads rows with `COPY … FROM STDIN` in binary format and returns the row count.
    ///
    /// `table` may be schema-qualified; it and the column names are checked identifiers. Each
    /// value is encoded as its column's exact type (binary COPY has no implicit casts), which
    /// is looked up once with a zero-row SELECT.
    @discardableResult
    public func copyIn<Rows: Sequence>(table: String, columns: [String], rows: Rows) throws -> Int
    where Rows.Element == [(any PostgresEncodable)?] {
        let tableName = try table.split(separator: ".").map { try Connection.checkedIdentifier(String($0)) }.joined(separator: ".")
        let columnList = try columns.map(Connection.checkedIdentifier).joined(separator: ", ")
        let columnTypes = try query("SELECT \(columnList) FROM \(tableName) LIMIT 0").columnTypes

        _ = try check(PQexec(handle, "COPY \(tableName) (\(columnList)) FROM STDIN (FORMAT binary)"))
        var buffer: [UInt8] = Array("PGCOPY\n\u{FF}\r\n\0".unicodeScalars.map { UInt8($0.value) })
        buffer.appendInteger(Int32(0))  // flags
        buffer.appendInteger(Int32(0))  // header extension length
        do {
            for row in rows {
                guard row.count == columns.count else {
                    throw PostgresError(.encoding, "COPY row has \(row.count) values for \(columns.count) columns")
                }
                buffer.appendInteger(Int16(row.count))
                for (value, type) in zip(row, columnTypes) {
                    guard let value else { buffer.appendInteger(Int32(-1)); continue }
                    try buffer.appendLengthPrefixed { bytes in
                        guard try value.encode(into: &bytes, as: type) else {
                            throw PostgresError(.encoding, "cannot COPY a \(Swift.type(of: value)) into a \(type) column")
                        }
                    }
                }
                if buffer.count >= 1 << 20 { try sendCopyData(&buffer) }
            }
            buffer.appendInteger(Int16(-1))  // trailer
            try sendCopyData(&buffer)
        } catch {
            _ = PQputCopyEnd(handle, "aborted by client")
            while let result = PQgetResult(handle) { PQclear(result) }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw currentError() }
        var count = 0
        var failure: Error?
        while let result = PQgetResult(handle) {
            do { count += try check(result).rowsAffected } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        return count
    }

    private func sendCopyData(_ buffer: inout [UInt8]) throws {
        let sent = buffer.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw currentError() }
        buffer.removeAll(keepingCapacity: true)
    }
}
