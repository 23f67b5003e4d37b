import Foundation

/// ggml tensor types Docket can read, with their block layout. Quantized types store blocks of
/// `blockElements` values in `blockBytes` bytes; the sizes are asserted by the tests.
public enum GGMLType: UInt32, Sendable, CaseIterable {
    case f32 = 0, f16 = 1, q4_0 = 2, q8_0 = 8, q4_K = 12, q6_K = 14, bf16 = 30

    public var blockElements: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q8_0: return 32
        case .q4_K, .q6_K: return 256   // super-blocks of 8 or 16 sub-blocks
        }
    }

    public var blockBytes: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 2 + 16      // f16 scale, 32 four-bit values
        case .q8_0: return 2 + 32      // f16 scale, 32 int8 values
        case .q4_K: return 2 + 2 + 12 + 128       // f16 d, f16 dmin, 8 packed 6-bit scales and mins, 256 four-bit values
        case .q6_K: return 128 + 64 + 16 + 2      // low 4 bits, high 2 bits, 16 int8 scales, f16 d
        }
    }

    /// Names of ggml types Docket recognizes but cannot read yet, for error messages.
    static let knownNames: [UInt32: String] = [3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 9: "Q8_1", 10: "Q2_K", 11: "Q3_K",
                                               13: "Q5_K", 15: "Q8_K"]
}

/// A metadata value from a GGUF header.
public indirect enum GGUFValue: Equatable, Sendable {
    case int(Int64), uint(UInt64), float(Double), bool(Bool), string(String), array([GGUFValue])

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var intValue: Int? {
        switch self {
        case .int(let v): return Int(exactly: v)
        case .uint(let v): return Int(exactly: v)
        default: return nil
        }
    }
}

public struct GGUFTensor: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    /// ggml order: dimensions[0] varies fastest.
    public let dimensions: [Int]
    public let bytes: UnsafeRawBufferPointer
    /// Keeps the mapping alive as long as any tensor that points into it.
    let owner: MappedFile

    public var elementCount: Int { dimensions.reduce(1, *) }

    /// The values as Float (dequantizing Q8_0/Q4_0 blocks and Q4_K/Q6_K super-blocks).
    public func floats() -> [Float] {
        let count = elementCount
        switch type {
        case .q4_K:
            var out = [Float](repeating: 0, count: count)
            for block in 0..<(count / 256) {
                KQuants.dequantizeQ4K(UnsafeRawBufferPointer(rebasing: bytes[(block * 144)..<((block + 1) * 144)]), into: &out, at: block * 256)
            }
            return out
        case .q6_K:
            var out = [Float](repeating: 0, count: count)
            for block in 0..<(count / 256) {
                KQuants.dequantizeQ6K(UnsafeRawBufferPointer(rebasing: bytes[(block * 210)..<((block + 1) * 210)]), into: &out, at: block * 256)
            }
            return out
        case .f32, .f16, .bf16, .q8_0, .q4_0:
            return WeightMatrix(self).floats()  // rows of dimensions[0] values, as the kernels read them
        }
    }
}

/// A GGUF (v2/v3) file, mapped read-only. Every count, length, dimension, type and offset is
/// checked against the file before a tensor is handed out: a truncated or forged file is an
/// error naming the problem, never an out-of-bounds read.
public final class GGUFFile: @unchecked Sendable {
    public let file: MappedFile
    public let version: UInt32
    public let metadata: [String: GGUFValue]
    public let tensors: [String: GGUFTensor]
    public let alignment: Int

    public convenience init(path: String) throws {
        try self.init(file: try MappedFile(path: path))
    }

    public init(file: MappedFile) throws {
        self.file = file
        var reader = Reader(bytes: file.bytes, path: file.path)
        guard try reader.u32() == 0x4655_4747 else { throw reader.fail("not a GGUF file (bad magic)") }
        version = try reader.u32()
        guard version == 2 || version == 3 else { throw reader.fail("GGUF version \(version) is not supported (2 and 3 are)") }
        let tensorCount = try reader.u64(), kvCount = try reader.u64()
        guard tensorCount < 1 << 20, kvCount < 1 << 20 else { throw reader.fail("implausible counts (\(tensorCount) tensors, \(kvCount) keys)") }
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<kvCount {
            let key = try reader.string()
            metadata[key] = try reader.value(type: try reader.u32(), depth: 0)
        }
        self.metadata = metadata
        let alignment = metadata["general.alignment"]?.intValue ?? 32
        guard alignment > 0, alignment & (alignment - 1) == 0, alignment <= 1 << 16 else {
            throw reader.fail("general.alignment \(alignment) is not a power of two")
        }
        self.alignment = alignment
        var infos: [(String, [Int], GGMLType, Int)] = []
        for _ in 0..<tensorCount {
            let name = try reader.string()
            let rank = Int(try reader.u32())
            guard (1...4).contains(rank) else { throw reader.fail("tensor \(name) has \(rank) dimensions") }
            let dims = try (0..<rank).map { _ -> Int in
                let d = try reader.u64()
                guard d > 0, d < 1 << 40 else { throw reader.fail("tensor \(name) has a dimension of \(d)") }
                return Int(d)
            }
            let rawType = try reader.u32()
            guard let type = GGMLType(rawValue: rawType) else {
                let known = GGMLType.knownNames[rawType].map { "\($0), which Docket does not read yet" } ?? "unknown"
                throw reader.fail("tensor \(name) has ggml type \(rawType) (\(known))")
            }
            let offset = try reader.u64()
            guard offset % UInt64(alignment) == 0, offset < UInt64(file.bytes.count) else {
                throw reader.fail("tensor \(name) has offset \(offset), unaligned or past the end")
            }
            infos.append((name, dims, type, Int(offset)))
        }
        let dataStart = (reader.offset + alignment - 1) / alignment * alignment
        var tensors: [String: GGUFTensor] = [:]
        for (name, dims, type, offset) in infos {
            var elements = 1
            for d in dims {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow, product < 1 << 40 else { throw reader.fail("tensor \(name) is too large") }
                elements = product
            }
            // ggml stores each row (dimensions[0] values) as whole blocks.
            guard dims[0] % type.blockElements == 0 else {
                throw reader.fail("tensor \(name) has rows of \(dims[0]) values, not whole blocks of \(type.blockElements)")
            }
            let size = elements / type.blockElements * type.blockBytes
            let start = dataStart + offset
            guard start <= file.bytes.count, size <= file.bytes.count - start else {
                throw reader.fail("tensor \(name) needs \(size) bytes at \(start); the file has \(file.bytes.count)")
            }
            guard tensors[name] == nil else { throw reader.fail("tensor \(name) appears twice") }
            tensors[name] = GGUFTensor(name: name, type: type, dimensions: dims,
                                       bytes: UnsafeRawBufferPointer(rebasing: file.bytes[start..<(start + size)]), owner: file)
        }
        self.tensors = tensors
    }

    /// Bounds-checked little-endian reading of the header.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        let path: String
        var offset = 0

        func fail(_ reason: String) -> InferenceError { InferenceError("model_corrupt", "\(path): \(reason)") }

        mutating func take(_ count: Int) throws -> Int {
            guard count >= 0, count <= bytes.count - offset else { throw fail("ends early (needed \(count) bytes at \(offset))") }
            defer { offset += count }
            return offset
        }
        mutating func u8() throws -> UInt8 { bytes[try take(1)] }
        mutating func u32() throws -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self)) }
        mutating func u64() throws -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self)) }

        mutating func string() throws -> String {
            let length = try u64()
            guard length <= UInt64(bytes.count - offset) else { throw fail("a string of \(length) bytes runs past the end") }
            let start = try take(Int(length))
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(length))]), as: UTF8.self)
        }

        mutating func value(type: UInt32, depth: Int) throws -> GGUFValue {
            switch type {
            case 0: return .uint(UInt64(try u8()))
            case 1: return .int(Int64(Int8(bitPattern: try u8())))
            case 2: let o = try take(2); return .uint(UInt64(bytes.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
            case 3: let o = try take(2); return .int(Int64(bytes.loadUnaligned(fromByteOffset: o, as: Int16.self)))
            case 4: return .uint(UInt64(try u32()))
            case 5: return .int(Int64(Int32(bitPattern: try u32())))
            case 6: return .float(Double(Float(bitPattern: try u32())))
            case 7: return .bool(try u8() != 0)
            case 8: return .string(try string())
            case 9:
                guard depth < 4 else { throw fail("metadata arrays nest too deeply") }
                let elementType = try u32()
                let count = try u64()
                // Every element takes at least one byte: a larger count cannot be honest.
                guard count <= UInt64(bytes.count - offset) else { throw fail("a metadata array claims \(count) elements") }
                return .array(try (0..<Int(count)).map { _ in try value(type: elementType, depth: depth + 1) })
            case 10: return .uint(try u64())
            case 11: return .int(Int64(bitPattern: try u64()))
            case 12: return .float(Double(bitPattern: try u64()))
            default: throw fail("metadata value type \(type) is unknown")
            }
        }
    }
}
