import Foundation

/// Writes GGUF v3 files: metadata, tensor infos, 32-byte aligned data.
public final class GGUFWriter {
    public enum Value {
        case uint32(UInt32), int32(Int32), float32(Float), bool(Bool), string(String), strings([String]), int32s([Int32])
    }

    private var keys: [(String, Value)] = []
    private var tensors: [(name: String, type: GGMLType, dims: [Int], data: Data)] = []
    public static let alignment = 32

    public init() {}

    public func add(_ key: String, _ value: Value) { keys.append((key, value)) }

    /// Adds a tensor from row-major values with PyTorch shape (outermost first), encoded as `type`.
    public func add(tensor name: String, values: [Float], shape: [Int], type: GGMLType) throws {
        guard values.count == shape.reduce(1, *) else { throw InferenceError("quantize", "tensor \(name): \(values.count) values for shape \(shape)") }
        tensors.append((name, type, shape.reversed(), try Quantizer.encode(values, as: type)))
    }

    public func write(to path: String) throws {
        var out = Data()
        func u32(_ v: UInt32) { Swift.withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { Swift.withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) { u64(UInt64(s.utf8.count)); out.append(contentsOf: s.utf8) }
        u32(0x4655_4747); u32(3); u64(UInt64(tensors.count)); u64(UInt64(keys.count))
        for (key, value) in keys {
            string(key)
            switch value {
            case .uint32(let v): u32(4); u32(v)
            case .int32(let v): u32(5); u32(UInt32(bitPattern: v))
            case .float32(let v): u32(6); u32(v.bitPattern)
            case .bool(let v): u32(7); out.append(v ? 1 : 0)
            case .string(let v): u32(8); string(v)
            case .strings(let v): u32(9); u32(8); u64(UInt64(v.count)); v.forEach(string)
            case .int32s(let v): u32(9); u32(5); u64(UInt64(v.count)); v.forEach { u32(UInt32(bitPattern: $0)) }
            }
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset += (tensor.data.count + Self.alignment - 1) / Self.alignment * Self.alignment
        }
        for (tensor, start) in zip(tensors, offsets) {
            string(tensor.name); u32(UInt32(tensor.dims.count)); tensor.dims.forEach { u64(UInt64($0)) }
            u32(tensor.type.rawValue); u64(UInt64(start))
        }
        while out.count % Self.alignment != 0 { out.append(0) }
        for tensor in tensors {
            out.append(tensor.data)
            while out.count % Self.alignment != 0 { out.append(0) }
        }
        do { try out.write(to: URL(fileURLWithPath: path)) } catch {
            throw InferenceError("write_failed", "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// ggml's block formats, written the way ggml's reference quantizers write them.
public enum Quantizer {
    public static func encode(_ values: [Float], as type: GGMLType) throws -> Data {
        var out = Data()
        out.reserveCapacity(values.count / type.blockElements * type.blockBytes)
        func u16(_ v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        switch type {
        case .f32:
            for v in values { Swift.withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        case .f16:
            for v in values { u16(Float16(v).bitPattern) }
        case .bf16:
            for v in values { u16(UInt16(v.bitPattern >> 16)) }
        case .q8_0:
            guard values.count % 32 == 0 else { throw InferenceError("quantize", "Q8_0 needs whole blocks of 32 values") }
            for block in stride(from: 0, to: values.count, by: 32) {
                let chunk = values[block..<(block + 32)]
                let amax = chunk.map(abs).max() ?? 0
                let d = amax / 127
                let inverse: Float = d == 0 ? 0 : 1 / d
                u16(Float16(d).bitPattern)
                for v in chunk { out.append(UInt8(bitPattern: Int8((v * inverse).rounded()))) }
            }
        case .q4_0:
            guard values.count % 32 == 0 else { throw InferenceError("quantize", "Q4_0 needs whole blocks of 32 values") }
            for block in stride(from: 0, to: values.count, by: 32) {
                let chunk = Array(values[block..<(block + 32)])
                // The value of largest magnitude, with its sign, maps to -8.
                let extreme = chunk.max { abs($0) < abs($1) } ?? 0
                let d = extreme / -8
                let inverse: Float = d == 0 ? 0 : 1 / d
                u16(Float16(d).bitPattern)
                func nibble(_ v: Float) -> UInt8 { UInt8(min(15, max(0, Int(v * inverse + 8.5)))) }
                for j in 0..<16 { out.append(nibble(chunk[j]) | (nibble(chunk[j + 16]) << 4)) }
            }
        case .q4_K, .q6_K:
            throw InferenceError("quantize", "writing \(type) is not supported; Docket reads K-quants but writes F16, Q8_0 or Q4_0")
        }
        return out
    }
}
