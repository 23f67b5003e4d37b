/// Big-endian helpers for PostgreSQL's binary wire formats.
extension Array where Element == UInt8 {
    @inlinable mutating func appendInteger<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    /// Appends an Int32 length and then whatever `body` appends, patching the length afterwards
    /// (the layout of array elements and binary COPY fields).
    mutating func appendLengthPrefixed(_ body: (inout [UInt8]) throws -> Void) rethrows {
        let lengthAt = count
        appendInteger(Int32(0))
        try body(&self)
        let length = Int32(count - lengthAt - 4).bigEndian
        Swift.withUnsafeBytes(of: length) { replaceSubrange(lengthAt..<lengthAt + 4, with: $0) }
    }
}

/// Reads big-endian values from a byte span, throwing instead of reading past its end.
struct BinaryReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw PostgresError(.decoding, "binary value ends after \(offset) bytes, needed \(size) more")
        }
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size])) }
        offset += size
        return T(bigEndian: value)
    }

    mutating func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else {
            throw PostgresError(.decoding, "binary value ends after \(offset) bytes, needed \(count) more")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
}

/// Days and microseconds in PostgreSQL's binary date/time formats count from 2000-01-01 UTC.
enum PostgresEpoch {
    static let unixSeconds: Int64 = 946_684_800
    static let unixDays: Int64 = 10_957
}
