import Foundation

/// ggml's K-quant super-blocks of 256 values, as decoder models ship them. Only reading is
/// built: the encoder widens them to F32 when it loads them.
enum KQuants {
    /// Q4_K (144 bytes): f16 d, f16 dmin, 12 bytes packing eight 6-bit scales and eight 6-bit
    /// mins, then 128 bytes of 4-bit values. Sub-block j of 32 values is d·scale_j·q − dmin·min_j;
    /// each 32 bytes of values hold sub-block 2k in their low nibbles and 2k+1 in their high ones.
    static func dequantizeQ4K(_ block: UnsafeRawBufferPointer, into out: inout [Float], at start: Int) {
        let d = Float(Float16(bitPattern: block.loadUnaligned(fromByteOffset: 0, as: UInt16.self)))
        let dmin = Float(Float16(bitPattern: block.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        let scales = 4, values = 16
        func scaleAndMin(_ j: Int) -> (Float, Float) {
            let q = { (i: Int) in block[scales + i] }
            if j < 4 { return (Float(q(j) & 63), Float(q(j + 4) & 63)) }
            return (Float((q(j + 4) & 0x0F) | ((q(j - 4) >> 6) << 4)), Float((q(j + 4) >> 4) | ((q(j) >> 6) << 4)))
        }
        for chunk in 0..<4 {
            let (s1, m1) = scaleAndMin(2 * chunk), (s2, m2) = scaleAndMin(2 * chunk + 1)
            for l in 0..<32 {
                let packed = block[values + chunk * 32 + l]
                out[start + chunk * 64 + l] = d * s1 * Float(packed & 0x0F) - dmin * m1
                out[start + chunk * 64 + 32 + l] = d * s2 * Float(packed >> 4) - dmin * m2
            }
        }
    }

    /// Q6_K (210 bytes): 128 bytes of low 4 bits, 64 bytes of high 2 bits, 16 int8 scales (one
    /// per 16 values), f16 d. Each half of 128 values interleaves four groups of 32.
    static func dequantizeQ6K(_ block: UnsafeRawBufferPointer, into out: inout [Float], at start: Int) {
        let low = 0, high = 128, scales = 192
        let d = Float(Float16(bitPattern: block.loadUnaligned(fromByteOffset: 208, as: UInt16.self)))
        for half in 0..<2 {
            let ql = low + half * 64, qh = high + half * 32, sc = scales + half * 8, y = start + half * 128
            for l in 0..<32 {
                let group = l / 16
                let h = block[qh + l]
                let q1 = Int((block[ql + l] & 0x0F) | ((h & 3) << 4)) - 32
                let q2 = Int((block[ql + l + 32] & 0x0F) | (((h >> 2) & 3) << 4)) - 32
                let q3 = Int((block[ql + l] >> 4) | (((h >> 4) & 3) << 4)) - 32
                let q4 = Int((block[ql + l + 32] >> 4) | (((h >> 6) & 3) << 4)) - 32
                func scale(_ i: Int) -> Float { Float(Int8(bitPattern: block[sc + group + i])) }
                out[y + l] = d * scale(0) * Float(q1)
                out[y + l + 32] = d * scale(2) * Float(q2)
                out[y + l + 64] = d * scale(4) * Float(q3)
                out[y + l + 96] = d * scale(6) * Float(q4)
            }
        }
    }
}
