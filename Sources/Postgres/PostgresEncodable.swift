import Foundation

/// A Swift value that can be sent as a bind parameter (binary format) or a `COPY` field.
public protocol PostgresEncodable {
    /// The type the value is sent as when nothing else is known (query parameters).
    static var postgresType: PostgresType { get }
    /// Appends the binary representation of the value as `postgresType`.
    func encode(into buffer: inout [UInt8]) throws
    /// Appends the value as `target` (binary `COPY` needs the column's exact type).
    /// Returns false when the value cannot be sent as that type.
    func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool
}

extension PostgresEncodable {
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        guard target == Self.postgresType else { return false }
        try encode(into: &buffer)
        return true
    }
}

extension String: PostgresEncodable {
    public static var postgresType: PostgresType { .text }
    public func encode(into buffer: inout [UInt8]) throws {
        guard !utf8.contains(0) else { throw PostgresError(.encoding, "text values cannot contain NUL bytes") }
        buffer.append(contentsOf: utf8)
    }
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        switch target {
        case .text, .varchar, .bpchar, .name, .json, .unknown:
            try encode(into: &buffer)
        case .jsonb:
            buffer.append(1)  // jsonb binary format version
            try encode(into: &buffer)
        case .numeric:
            guard let numeric = PostgresNumeric(self) else { return false }
            try numeric.encode(into: &buffer)
        default:
            return false
        }
        return true
    }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .text }
    public func encode(into buffer: inout [UInt8]) throws { try String(self).encode(into: &buffer) }
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        try String(self).encode(into: &buffer, as: target)
    }
}

/// Integers are sent as bigint and narrowed for `COPY` into smaller columns, with a range check.
protocol PostgresInteger: PostgresEncodable, FixedWidthInteger {}

extension PostgresInteger {
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        switch target {
        case .int8: buffer.appendInteger(try narrowed(Int64.self))
        case .int4: buffer.appendInteger(try narrowed(Int32.self))
        case .int2: buffer.appendInteger(try narrowed(Int16.self))
        case .oidType: buffer.appendInteger(try narrowed(UInt32.self))
        case .numeric: try PostgresNumeric(String(self))!.encode(into: &buffer)
        case .float8: buffer.appendInteger(Double(self).bitPattern)
        default: return false
        }
        return true
    }
    private func narrowed<T: FixedWidthInteger>(_: T.Type) throws -> T {
        guard let value = T(exactly: self) else {
            throw PostgresError(.encoding, "integer \(self) does not fit in \(T.self)")
        }
        return value
    }
}

extension Int: PostgresInteger {
    public static var postgresType: PostgresType { .int8 }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(Int64(self)) }
}
extension Int64: PostgresInteger {
    public static var postgresType: PostgresType { .int8 }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(self) }
}
extension Int32: PostgresInteger {
    public static var postgresType: PostgresType { .int4 }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(self) }
}
extension Int16: PostgresInteger {
    public static var postgresType: PostgresType { .int2 }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(self) }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(bitPattern) }
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        switch target {
        case .float8: buffer.appendInteger(bitPattern)
        case .float4: buffer.appendInteger(Float(self).bitPattern)
        default: return false
        }
        return true
    }
}

extension Float: PostgresEncodable {
    public static var postgresType: PostgresType { .float4 }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(bitPattern) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public func encode(into buffer: inout [UInt8]) throws { buffer.append(self ? 1 : 0) }
}

/// bytea travels as raw bytes in both directions: no hex text round trip for large documents.
extension Data: PostgresEncodable {
    public static var postgresType: PostgresType { .bytea }
    public func encode(into buffer: inout [UInt8]) throws { buffer.append(contentsOf: self) }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    /// A one-dimensional array of the element's type (bytea is `Data`, not `[UInt8]`).
    public static var postgresType: PostgresType { Element.postgresType.arrayType ?? .unspecified }

    public func encode(into buffer: inout [UInt8]) throws {
        try encodeArray(into: &buffer, element: Element.postgresType)
    }

    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        guard let element = target.elementType else { return false }
        try encodeArray(into: &buffer, element: element)
        return true
    }

    /// Binary array layout: ndim, has-nulls flag, element OID, (size, lower bound) per
    /// dimension, then each element as a length-prefixed value.
    private func encodeArray(into buffer: inout [UInt8], element: PostgresType) throws {
        guard element != .unspecified else {
            throw PostgresError(.encoding, "PostgreSQL has no array type for \(Element.self)")
        }
        buffer.appendInteger(Int32(isEmpty ? 0 : 1))
        buffer.appendInteger(Int32(0))
        buffer.appendInteger(element.oid)
        if !isEmpty {
            buffer.appendInteger(Int32(count))
            buffer.appendInteger(Int32(1))
        }
        for item in self {
            try buffer.appendLengthPrefixed { bytes in
                guard try item.encode(into: &bytes, as: element) else {
                    throw PostgresError(.encoding, "cannot send \(Element.self) as \(element)")
                }
            }
        }
    }
}

/// Timestamps are sent as timestamptz: microseconds since 2000-01-01 UTC.
extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    public func encode(into buffer: inout [UInt8]) throws {
        let micros = ((timeIntervalSince1970 - Double(PostgresEpoch.unixSeconds)) * 1_000_000).rounded()
        buffer.appendInteger(Int64(micros))
    }
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        guard target == .timestamptz || target == .timestamp else { return false }
        try encode(into: &buffer)
        return true
    }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public func encode(into buffer: inout [UInt8]) throws {
        Swift.withUnsafeBytes(of: uuid) { buffer.append(contentsOf: $0) }
    }
}
