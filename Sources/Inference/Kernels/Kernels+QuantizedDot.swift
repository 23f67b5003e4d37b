import Foundation

/// Integer dot products against Q8_0 and Q4_0 weight rows. Each activation row is quantized
/// once to Q8_0 (per 32 values, a Float scale and 32 Int8), then every output is Σ over blocks
/// of d_w·d_a·Σ w_q·a_q with the inner sum exact in Int32. The weights are read once, in place,
/// never widened: this is the path for a handful of rows (a decoder's next token, one short
/// text), where the GEMM's packing would cost as much as the product.
extension Kernels {
    /// At most this many rows take the integer path; more go through the packed GEMM.
    static let quantizedRowLimit = 4

    /// Quantizes `count` floats (a multiple of 32) to Q8_0: per block, scale = max|x| / 127
    /// and q = round(x / scale). scales: [count / 32], values: [count].
    public static func quantizeRowQ8(_ x: UnsafePointer<Float>, count: Int,
                                     scales: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Int8>) {
        for block in 0..<(count / 32) {
            let source = x + block * 32
            var largest = SIMD8<Float>()
            for j in stride(from: 0, to: 32, by: 8) {
                let v = UnsafeRawPointer(source + j).loadUnaligned(as: SIMD8<Float>.self)
                largest = pointwiseMax(largest, pointwiseMax(v, -v))
            }
            let scale = largest.max() / 127
            scales[block] = scale
            let inverse = scale > 0 ? 1 / scale : 0
            for j in 0..<32 { values[block * 32 + j] = Int8((source[j] * inverse).rounded()) }
        }
    }

    /// Σ of 32 products of Int8 pairs, as eight Int32 lanes: widened to Int16 (|w·a| ≤ 2¹⁴
    /// fits), multiplied, and summed four to a lane.
    @inline(__always)
    static func blockProducts(_ w: SIMD32<Int8>, _ a: SIMD32<Int8>) -> SIMD8<Int32> {
        let low = SIMD16<Int16>(truncatingIfNeeded: w.lowHalf) &* SIMD16<Int16>(truncatingIfNeeded: a.lowHalf)
        let high = SIMD16<Int16>(truncatingIfNeeded: w.highHalf) &* SIMD16<Int16>(truncatingIfNeeded: a.highHalf)
        return SIMD8<Int32>(truncatingIfNeeded: low.lowHalf) &+ SIMD8<Int32>(truncatingIfNeeded: low.highHalf)
            &+ SIMD8<Int32>(truncatingIfNeeded: high.lowHalf) &+ SIMD8<Int32>(truncatingIfNeeded: high.highHalf)
    }

    /// One Q8_0 weight row (blocks × 34 bytes) · one quantized activation row.
    @inline(__always)
    public static func dotQ8_0(_ weights: UnsafeRawPointer, _ scales: UnsafePointer<Float>, _ values: UnsafePointer<Int8>, blocks: Int) -> Float {
        var sum = SIMD8<Float>()
        for block in 0..<blocks {
            let w = weights + block * 34
            let scale = Float(Float16(bitPattern: w.loadUnaligned(as: UInt16.self))) * scales[block]
            let q = (w + 2).loadUnaligned(as: SIMD32<Int8>.self)
            let a = UnsafeRawPointer(values + block * 32).loadUnaligned(as: SIMD32<Int8>.self)
            sum.addProduct(SIMD8<Float>(blockProducts(q, a)), SIMD8<Float>(repeating: scale))
        }
        return sum.sum()
    }

    /// One Q4_0 weight row (blocks × 18 bytes: low nibbles are values 0…15, high nibbles
    /// 16…31, each offset by 8) · one quantized activation row.
    @inline(__always)
    public static func dotQ4_0(_ weights: UnsafeRawPointer, _ scales: UnsafePointer<Float>, _ values: UnsafePointer<Int8>, blocks: Int) -> Float {
        var sum = SIMD8<Float>()
        let mask = SIMD16<UInt8>(repeating: 0x0F), eight = SIMD32<Int8>(repeating: 8)
        for block in 0..<blocks {
            let w = weights + block * 18
            let scale = Float(Float16(bitPattern: w.loadUnaligned(as: UInt16.self))) * scales[block]
            let packed = (w + 2).loadUnaligned(as: SIMD16<UInt8>.self)
            let nibbles = SIMD32<UInt8>(lowHalf: packed & mask, highHalf: packed &>> 4)
            let q = SIMD32<Int8>(truncatingIfNeeded: nibbles) &- eight
            let a = UnsafeRawPointer(values + block * 32).loadUnaligned(as: SIMD32<Int8>.self)
            sum.addProduct(SIMD8<Float>(blockProducts(q, a)), SIMD8<Float>(repeating: scale))
        }
        return sum.sum()
    }

    /// The plain version of `dotQ8_0` and `dotQ4_0`: integer sums per block, then Double.
    public static func quantizedDotReference(_ weights: WeightMatrix, row: Int, _ scales: [Float], _ values: [Int8]) -> Float {
        let bytes = weights.rowPointer(row)
        var total = 0.0
        for block in 0..<(weights.columns / 32) {
            let w = bytes + block * weights.format.blockBytes
            let d = Double(Float(Float16(bitPattern: w.loadUnaligned(as: UInt16.self))))
            var integer = 0
            for j in 0..<32 {
                let q: Int
                if weights.format == .q8_0 {
                    q = Int(w.load(fromByteOffset: 2 + j, as: Int8.self))
                } else {
                    let byte = w.load(fromByteOffset: 2 + j % 16, as: UInt8.self)
                    q = Int(j < 16 ? byte & 0x0F : byte >> 4) - 8
                }
                integer += q * Int(values[block * 32 + j])
            }
            total += Double(integer) * d * Double(scales[block])
        }
        return Float(total)
    }

    /// y = x · Wᵀ + b for block-quantized W through the integer dot products: each row of x
    /// quantized once, outputs split over `threads` threads.
    static func quantizedLinear(_ x: UnsafePointer<Float>, _ layer: Linear, _ y: UnsafeMutablePointer<Float>, rows: Int, threads: Int) {
        let k = layer.inputs, n = layer.outputs, blocks = k / 32
        var scales = [Float](repeating: 0, count: rows * blocks)   // [rows, blocks]
        var values = [Int8](repeating: 0, count: rows * k)         // [rows, k]
        scales.withUnsafeMutableBufferPointer { s in
            values.withUnsafeMutableBufferPointer { v in
                for r in 0..<rows { quantizeRowQ8(x + r * k, count: k, scales: s.baseAddress! + r * blocks, values: v.baseAddress! + r * k) }
            }
        }
        let parts = max(1, min(threads, n / 64))
        let yAddress = Int(bitPattern: y)
        let weights = layer.weights, q4 = weights.format == .q4_0
        scales.withUnsafeBufferPointer { s in values.withUnsafeBufferPointer { v in layer.bias.withUnsafeBufferPointer { bias in
            ThreadPool.shared.run(parts: parts) { part in
                let y = UnsafeMutablePointer<Float>(bitPattern: yAddress)!
                for o in (n * part / parts)..<(n * (part + 1) / parts) {
                    let w = weights.rowPointer(o)
                    for r in 0..<rows {
                        let rs = s.baseAddress! + r * blocks, rv = v.baseAddress! + r * k
                        y[r * n + o] = (q4 ? dotQ4_0(w, rs, rv, blocks: blocks) : dotQ8_0(w, rs, rv, blocks: blocks)) + bias[o]
                    }
                }
            }
        } } }
    }
}
