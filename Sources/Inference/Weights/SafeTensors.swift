import Foundation

/// Element types a weights file may hold.
public enum TensorType: String, Sendable, CaseIterable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64", i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    public var byteSize: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }
}

/// One tensor inside a mapped file: its type, shape and bytes. Valid while the file is.
public struct TensorView: @unchecked Sendable {
    public let name: String
    public let type: TensorType
    public let shape: [Int]
    public let bytes: UnsafeRawBufferPointer
    let owner: MappedFile

    public var elementCount: Int { shape.reduce(1, *) }

    /// The values as Float, widening F16 and BF16.
    public func floats() throws -> [Float] {
        let count = elementCount
        switch type {
        case .f32:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                memcpy(buffer.baseAddress!, bytes.baseAddress!, count * 4)
                initialized = count
            }
        case .f16:
            return (0..<count).map { Float(Float16(bitPattern: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        case .bf16:
            return (0..<count).map { Float(bitPattern: UInt32(bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) << 16) }
        default:
            throw InferenceError("tensor_type", "tensor \(name) is \(type.rawValue), not a floating-point type")
        }
    }
}

/// A Hugging Face safetensors file: an 8-byte little-endian header length, a JSON header of
/// `{name: {dtype, shape, data_offsets: [begin, end]}}`, then the data. Every offset, shape and
/// type is checked against the file before any tensor is handed out, so a truncated or forged
/// file is an error, never an out-of-bounds read.
public final class SafeTensorsFile: @unchecked Sendable {
    public let file: MappedFile
    public let tensors: [String: TensorView]
    public let metadata: [String: String]

    public convenience init(path: String) throws {
        try self.init(file: try MappedFile(path: path))
    }

    public init(file: MappedFile) throws {
        self.file = file
        let bytes = file.bytes
        let fail = { (reason: String) in InferenceError("model_corrupt", "\(file.path): \(reason)") }
        guard bytes.count >= 8 else { throw fail("too short to be a safetensors file") }
        let headerLength = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        guard headerLength > 1, headerLength <= UInt64(min(bytes.count - 8, 100 << 20)) else {
            throw fail("header length \(headerLength) does not fit in the file")
        }
        let headerData = Data(bytes[8..<(8 + Int(headerLength))])
        guard let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any] else {
            throw fail("the header is not a JSON object")
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart
        var tensors: [String: TensorView] = [:]
        var metadata: [String: String] = [:]
        var ranges: [(Int, Int, String)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                for (key, entry) in (value as? [String: Any]) ?? [:] { metadata[key] = entry as? String }
                continue
            }
            guard let entry = value as? [String: Any], let typeName = entry["dtype"] as? String,
                  let shapeValues = entry["shape"] as? [Any], let offsets = entry["data_offsets"] as? [Any], offsets.count == 2 else {
                throw fail("tensor \(name) lacks dtype, shape or data_offsets")
            }
            guard let type = TensorType(rawValue: typeName) else { throw fail("tensor \(name) has unknown dtype \(typeName)") }
            let shape = try shapeValues.map { value -> Int in
                guard let n = (value as? NSNumber)?.intValue, n >= 0, n < 1 << 31 else { throw fail("tensor \(name) has an invalid shape") }
                return n
            }
            guard let begin = (offsets[0] as? NSNumber)?.intValue, let end = (offsets[1] as? NSNumber)?.intValue,
                  begin >= 0, begin <= end, end <= dataSize else {
                throw fail("tensor \(name) points outside the file's \(dataSize) data bytes")
            }
            let (count, overflow) = shape.reduce((1, false)) { acc, n in
                let (product, o) = acc.0.multipliedReportingOverflow(by: n)
                return (product, acc.1 || o)
            }
            let (byteCount, overflow2) = count.multipliedReportingOverflow(by: type.byteSize)
            guard !overflow, !overflow2, byteCount == end - begin else {
                throw fail("tensor \(name): shape \(shape) of \(typeName) needs \(byteCount) bytes, the file gives \(end - begin)")
            }
            ranges.append((begin, end, name))
            tensors[name] = TensorView(name: name, type: type, shape: shape,
                                       bytes: UnsafeRawBufferPointer(rebasing: bytes[(dataStart + begin)..<(dataStart + end)]), owner: file)
        }
        ranges.sort { $0.0 < $1.0 }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.0 < a.1 {
            throw fail("tensors \(a.2) and \(b.2) overlap")
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    public func tensor(_ name: String, shape: [Int]? = nil) throws -> TensorView {
        guard let tensor = tensors[name] else { throw InferenceError("tensor_missing", "\(file.path) has no tensor \(name)") }
        if let shape, tensor.shape != shape {
            throw InferenceError("tensor_shape", "tensor \(name) has shape \(tensor.shape), expected \(shape)")
        }
        return tensor
    }
}
