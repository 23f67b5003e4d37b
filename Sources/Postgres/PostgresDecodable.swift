import Foundation

/// One field of a result row in binary format. `bytes` is nil for SQL NULL and is only valid
/// while the result that owns it is alive; decoders copy what they keep.
public struct PostgresCell {
    public var type: PostgresType
    public var bytes: UnsafeRawBufferPointer?
    public var columnName: String

    public init(type: PostgresType, bytes: UnsafeRawBufferPointer?, columnName: String) {
        self.type = type
        self.bytes = bytes
        self.columnName = columnName
    }

    public var isNull: Bool { bytes == nil }

    func requireBytes() throws -> UnsafeRawBufferPointer {
        guard let bytes else {
            throw PostgresError(.decoding, "column \(columnName) is NULL; decode it as an Optional")
        }
        return bytes
    }

    func mismatch<T>(_: T.Type) -> PostgresError {
        PostgresError(.decoding, "column \(columnName) is \(type) and cannot be read as \(T.self)")
    }

    var utf8String: String { String(decoding: bytes ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self) }
}

/// A Swift value that can be read from a binary-format result field.
public protocol PostgresDecodable {
    init(from cell: PostgresCell) throws
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        self = cell.isNull ? nil : try Wrapped(from: cell)
    }
}

extension String: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        let bytes = try cell.requireBytes()
        switch cell.type {
        case _ where cell.type.isTextual:
            self = String(decoding: bytes, as: UTF8.self)
        case .jsonb:
            guard bytes.first == 1 else { throw PostgresError(.decoding, "unknown jsonb format version in \(cell.columnName)") }
            self = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self)
        case .numeric:
            self = try PostgresNumeric.decodeBinary(bytes).text
        case .uuid:
            self = try UUID(from: cell).uuidString.lowercased()
        case .date:
            self = try PostgresDate(from: cell).description
        case .int2, .int4, .int8:
            self = String(try Int(from: cell))
        case .bool:
            self = try Bool(from: cell) ? "true" : "false"
        default:
            throw cell.mismatch(String.self)
        }
    }
}

extension Int: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        var reader = BinaryReader(try cell.requireBytes())
        switch cell.type {
        case .int8: self = Int(try reader.read(Int64.self))
        case .int4: self = Int(try reader.read(Int32.self))
        case .int2: self = Int(try reader.read(Int16.self))
        case .oidType: self = Int(try reader.read(UInt32.self))
        default: throw cell.mismatch(Int.self)
        }
    }
}

extension Int64: PostgresDecodable {
    public init(from cell: PostgresCell) throws { self = Int64(try Int(from: cell)) }
}

extension Int32: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        let wide = try Int(from: cell)
        guard let value = Int32(exactly: wide) else { throw PostgresError(.decoding, "\(cell.columnName) = \(wide) does not fit in Int32") }
        self = value
    }
}

extension Double: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        var reader = BinaryReader(try cell.requireBytes())
        switch cell.type {
        case .float8: self = Double(bitPattern: try reader.read(UInt64.self))
        case .float4: self = Double(Float(bitPattern: try reader.read(UInt32.self)))
        case .int2, .int4, .int8: self = Double(try Int(from: cell))
        case .numeric:
            guard let value = try PostgresNumeric.decodeBinary(cell.requireBytes()).double else { throw cell.mismatch(Double.self) }
            self = value
        default: throw cell.mismatch(Double.self)
        }
    }
}

extension Bool: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        guard cell.type == .bool else { throw cell.mismatch(Bool.self) }
        let bytes = try cell.requireBytes()
        guard bytes.count == 1 else { throw PostgresError(.decoding, "bool field \(cell.columnName) has \(bytes.count) bytes") }
        self = bytes[0] != 0
    }
}

extension Data: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        guard cell.type == .bytea else { throw cell.mismatch(Data.self) }
        self = Data(try cell.requireBytes())
    }
}

extension PostgresNumeric: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        switch cell.type {
        case .numeric: self = try PostgresNumeric.decodeBinary(cell.requireBytes())
        case .int2, .int4, .int8: self = PostgresNumeric(String(try Int(from: cell)))!
        default: throw cell.mismatch(PostgresNumeric.self)
        }
    }
}

extension PostgresDate: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        guard cell.type == .date else { throw cell.mismatch(PostgresDate.self) }
        var reader = BinaryReader(try cell.requireBytes())
        self.init(daysSince2000: try reader.read(Int32.self))
    }
}

extension Date: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        guard cell.type == .timestamptz || cell.type == .timestamp else { throw cell.mismatch(Date.self) }
        var reader = BinaryReader(try cell.requireBytes())
        let micros = try reader.read(Int64.self)
        // ±infinity are the extreme int64 values; clamp them to the Foundation extremes.
        if micros == Int64.max { self = .distantFuture; return }
        if micros == Int64.min { self = .distantPast; return }
        self = Date(timeIntervalSince1970: Double(PostgresEpoch.unixSeconds) + Double(micros) / 1_000_000)
    }
}

extension UUID: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        guard cell.type == .uuid else { throw cell.mismatch(UUID.self) }
        let bytes = try cell.requireBytes()
        guard bytes.count == 16 else { throw PostgresError(.decoding, "uuid field \(cell.columnName) has \(bytes.count) bytes") }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: bytes) }
        self = UUID(uuid: raw)
    }
}

extension PostgresJSON: PostgresDecodable {
    public init(from cell: PostgresCell) throws {
        guard cell.type == .jsonb || cell.type == .json else { throw cell.mismatch(PostgresJSON.self) }
        self.init(try String(from: cell))
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a binary array of any dimension, flattened in row-major order.
    public init(from cell: PostgresCell) throws {
        guard let elementType = cell.type.elementType else { throw cell.mismatch([Element].self) }
        var reader = BinaryReader(try cell.requireBytes())
        let dimensions = Int(try reader.read(Int32.self))
        _ = try reader.read(Int32.self)  // has-nulls flag; each element says so itself
        let declared = try reader.read(UInt32.self)
        guard declared == elementType.oid, (0...6).contains(dimensions) else {
            throw PostgresError(.decoding, "array header of \(cell.columnName) is invalid")
        }
        var total = dimensions == 0 ? 0 : 1
        for _ in 0..<dimensions {
            let size = Int(try reader.read(Int32.self))
            _ = try reader.read(Int32.self)
            guard size >= 0 else { throw PostgresError(.decoding, "negative array size in \(cell.columnName)") }
            total *= size
        }
        var items: [Element] = []
        items.reserveCapacity(total)
        for _ in 0..<total {
            let length = Int(try reader.read(Int32.self))
            let bytes = length < 0 ? nil : try reader.readBytes(length)
            items.append(try Element(from: PostgresCell(type: elementType, bytes: bytes, columnName: cell.columnName)))
        }
        self = items
    }
}
