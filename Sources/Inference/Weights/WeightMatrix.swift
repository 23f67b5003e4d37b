import Foundation

/// A weight matrix in PyTorch layout ([rows][columns], a linear layer's [outputs][inputs]) read
/// in place, in the format it was stored in: inside the mapped model file, or inside an array
/// the matrix owns. Nothing is widened at load: the GEMM dequantizes the panels it is about to
/// use, so resident memory holds F16 as two bytes a weight and Q8_0 as 34 bytes per 32.
public struct WeightMatrix: @unchecked Sendable {
    public enum Format: String, Sendable {
        case f32, f16, bf16, q8_0, q4_0

        /// Values per block (1 for the plain float formats).
        var blockElements: Int { self == .q8_0 || self == .q4_0 ? 32 : 1 }
        var blockBytes: Int {
            switch self {
            case .f32: return 4
            case .f16, .bf16: return 2
            case .q8_0: return GGMLType.q8_0.blockBytes
            case .q4_0: return GGMLType.q4_0.blockBytes
            }
        }
        public var isBlockQuantized: Bool { blockElements > 1 }
    }

    public let format: Format
    public let rows: Int
    public let columns: Int
    /// Bytes from one row to the next.
    let rowBytes: Int
    let base: UnsafeRawPointer
    /// Whatever keeps `base` valid: the mapped file or an array box. Nil only for the unsafe
    /// initializer, whose caller promises the memory outlives every use.
    let owner: AnyObject?

    public var byteCount: Int { rows * rowBytes }

    init(format: Format, rows: Int, columns: Int, base: UnsafeRawPointer, owner: AnyObject?) {
        precondition(columns % format.blockElements == 0, "rows of a block-quantized matrix hold whole blocks")
        (self.format, self.rows, self.columns, self.base, self.owner) = (format, rows, columns, base, owner)
        rowBytes = columns / format.blockElements * format.blockBytes
    }

    /// A matrix that owns a copy of `values` ([rows][columns] floats).
    public init(floats values: [Float], rows: Int, columns: Int) {
        precondition(values.count == rows * columns)
        let box = values.withUnsafeBytes { ByteBox($0) }
        self.init(format: .f32, rows: rows, columns: columns, base: UnsafeRawPointer(box.pointer), owner: box)
    }

    /// A matrix that owns `values` encoded as `format` (blocks as GGUF stores them).
    public init(encoding values: [Float], rows: Int, columns: Int, as format: Format) throws {
        precondition(values.count == rows * columns)
        let types: [Format: GGMLType] = [.f32: .f32, .f16: .f16, .bf16: .bf16, .q8_0: .q8_0, .q4_0: .q4_0]
        let box = try Quantizer.encode(values, as: types[format]!).withUnsafeBytes { ByteBox($0) }
        self.init(format: format, rows: rows, columns: columns, base: UnsafeRawPointer(box.pointer), owner: box)
    }

    /// A view of floats the caller keeps alive for as long as the matrix is used (per-sequence
    /// attention products, where copying would cost more than the product).
    public init(unsafeFloats pointer: UnsafePointer<Float>, rows: Int, columns: Int) {
        self.init(format: .f32, rows: rows, columns: columns, base: UnsafeRawPointer(pointer), owner: nil)
    }

    /// Writes row `row` as `columns` floats.
    @inline(__always)
    public func dequantizeRow(_ row: Int, into out: UnsafeMutablePointer<Float>) {
        let source = base + row * rowBytes
        switch format {
        case .f32:
            memcpy(out, source, columns * 4)
        case .f16:
            for i in 0..<columns { out[i] = Float(Float16(bitPattern: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .bf16:
            for i in 0..<columns { out[i] = Float(bitPattern: UInt32(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16) }
        case .q8_0:
            for block in 0..<(columns / 32) {
                let b = source + block * 34
                let scale = Float(Float16(bitPattern: b.loadUnaligned(as: UInt16.self)))
                let values = (b + 2).assumingMemoryBound(to: Int8.self)
                let o = out + block * 32
                for j in 0..<32 { o[j] = Float(values[j]) * scale }
            }
        case .q4_0:
            // Low nibbles are elements 0…15 of a block, high nibbles 16…31, each offset by 8.
            for block in 0..<(columns / 32) {
                let b = source + block * 18
                let scale = Float(Float16(bitPattern: b.loadUnaligned(as: UInt16.self)))
                let packed = (b + 2).assumingMemoryBound(to: UInt8.self)
                let o = out + block * 32
                for j in 0..<16 {
                    o[j] = Float(Int32(packed[j] & 0x0F) - 8) * scale
                    o[j + 16] = Float(Int32(packed[j] >> 4) - 8) * scale
                }
            }
        }
    }

    /// All values as [rows][columns] floats (tests and the quantizer).
    public func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            for r in 0..<rows { dequantizeRow(r, into: buffer.baseAddress! + r * columns) }
            count = rows * columns
        }
    }

    /// The bytes of one row in the stored format (the quantized dot products read them).
    @inline(__always)
    func rowPointer(_ row: Int) -> UnsafeRawPointer { base + row * rowBytes }
}

/// Heap bytes with a stable, 64-byte-aligned address, owned by the matrices that point into them.
final class ByteBox: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    init(_ bytes: UnsafeRawBufferPointer) {
        pointer = .allocate(byteCount: max(bytes.count, 1), alignment: 64)
        if let source = bytes.baseAddress { pointer.copyMemory(from: source, byteCount: bytes.count) }
    }

    deinit { pointer.deallocate() }
}

extension WeightMatrix {
    /// A GGUF tensor read in place, or widened to F32 once for the formats the kernels do not
    /// read directly (K-quants). ggml's dimensions[0] is the row length.
    init(_ tensor: GGUFTensor) {
        let columns = tensor.dimensions[0], rows = tensor.elementCount / columns
        let direct: [GGMLType: Format] = [.f32: .f32, .f16: .f16, .bf16: .bf16, .q8_0: .q8_0, .q4_0: .q4_0]
        if let format = direct[tensor.type] {
            self.init(format: format, rows: rows, columns: columns, base: tensor.bytes.baseAddress!, owner: tensor.owner)
        } else {
            self.init(floats: tensor.floats(), rows: rows, columns: columns)
        }
    }

    /// A safetensors tensor read in place (F32, F16, BF16).
    init(_ tensor: TensorView) throws {
        let direct: [TensorType: Format] = [.f32: .f32, .f16: .f16, .bf16: .bf16]
        guard let format = direct[tensor.type], tensor.shape.count == 2, let base = tensor.bytes.baseAddress, tensor.bytes.count > 0 else {
            throw InferenceError("tensor_type", "tensor \(tensor.name) is \(tensor.type.rawValue) with shape \(tensor.shape); a weight matrix must be a non-empty 2-D float tensor")
        }
        self.init(format: format, rows: tensor.shape[0], columns: tensor.shape[1], base: base, owner: tensor.owner)
    }
}
