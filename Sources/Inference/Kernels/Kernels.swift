import Foundation

/// The encoder's numeric kernels. Each SIMD kernel has a plain reference version beside it;
/// tests compare the two on random shapes (ragged edges included) under a stated error limit.
public enum Kernels {
    /// y[t][o] = Σᵢ x[t][i] · w[o][i] + b[o] in Double, weights [out][in]: the reference for
    /// `gemm` (PackedGEMM.swift).
    public static func linearReference(_ x: [Float], _ w: [Float], _ b: [Float]?, tokens: Int, inputs: Int, outputs: Int) -> [Float] {
        var y = [Float](repeating: 0, count: tokens * outputs)
        for t in 0..<tokens {
            for o in 0..<outputs {
                var s = 0.0
                for i in 0..<inputs { s += Double(x[t * inputs + i]) * Double(w[o * inputs + i]) }
                y[t * outputs + o] = Float(s + Double(b?[o] ?? 0))
            }
        }
        return y
    }

    /// In-place layer normalization of each row of `x` ([rows, width]).
    public static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float) {
        for r in 0..<rows { layerNormRow(x + r * width, width: width, gamma: gamma, beta: beta, epsilon: epsilon) }
    }

    /// residual += x, then layer-normalize each row, over `threads` threads ([rows, width]).
    public static func addAndNormalize(_ residual: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, width: Int,
                                       gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float, threads: Int) {
        let r = Int(bitPattern: residual), xa = Int(bitPattern: x), g = Int(bitPattern: gamma), b = Int(bitPattern: beta)
        let parts = max(1, min(threads, rows))
        ThreadPool.shared.run(parts: parts) { part in
            let residual = UnsafeMutablePointer<Float>(bitPattern: r)!, x = UnsafePointer<Float>(bitPattern: xa)!
            for row in (rows * part / parts)..<(rows * (part + 1) / parts) {
                let out = residual + row * width, add = x + row * width
                for i in 0..<width { out[i] += add[i] }
                layerNormRow(out, width: width, gamma: UnsafePointer(bitPattern: g)!, beta: UnsafePointer(bitPattern: b)!, epsilon: epsilon)
            }
        }
    }

    /// One row: mean and variance with eight-lane Float sums, then scale and shift.
    @inline(__always) static func layerNormRow(_ row: UnsafeMutablePointer<Float>, width: Int,
                                               gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float) {
        var sum = SIMD8<Float>(), i = 0
        while i + 8 <= width { sum += UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self); i += 8 }
        var total = sum.sum()
        while i < width { total += row[i]; i += 1 }
        let mean = total / Float(width)
        var square = SIMD8<Float>()
        let m8 = SIMD8<Float>(repeating: mean)
        i = 0
        while i + 8 <= width {
            let d = UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self) - m8
            square.addProduct(d, d)
            i += 8
        }
        var variance = square.sum()
        while i < width { let d = row[i] - mean; variance += d * d; i += 1 }
        let scale = 1 / (variance / Float(width) + epsilon).squareRoot()
        for j in 0..<width { row[j] = (row[j] - mean) * scale * gamma[j] + beta[j] }
    }

    /// `geluInPlace` over `threads` threads.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int, threads: Int) {
        let address = Int(bitPattern: x)
        let parts = max(1, min(threads, count / 4096 + 1))
        ThreadPool.shared.run(parts: parts) { part in
            // Split on multiples of 8 so every part but the last runs whole vectors.
            let start = count * part / parts / 8 * 8
            let end = part == parts - 1 ? count : count * (part + 1) / parts / 8 * 8
            geluInPlace(UnsafeMutablePointer<Float>(bitPattern: address)! + start, count: end - start)
        }
    }

    /// GELU with the exact error function, as BERT defines it (the reference for `geluInPlace`).
    @inline(__always) public static func gelu(_ v: Float) -> Float {
        0.5 * v * (1 + Float(erf(Double(v) / 2.0.squareRoot())))
    }

    /// Σ a[i]·b[i], eight lanes at a time.
    @inline(__always) public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            acc.addProduct(UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self), UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self))
            i += 8
        }
        var sum = acc.sum()
        while i < count { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// y[i] += alpha · x[i], eight lanes at a time.
    @inline(__always) public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        let a = SIMD8<Float>(repeating: alpha)
        var i = 0
        while i + 8 <= count {
            var acc = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            acc.addProduct(a, UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self))
            UnsafeMutableRawPointer(y + i).storeBytes(of: acc, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] += alpha * x[i]; i += 1 }
    }

    /// GELU over `count` values in place, eight at a time. erf comes from Abramowitz & Stegun
    /// 7.1.26 (absolute error under 1.5e-7) with a polynomial exp; `geluReference` is the exact
    /// scalar version the tests compare it with.
    public static func geluInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(x + i).storeBytes(of: gelu8(v), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { x[i] = gelu(x[i]); i += 1 }
    }

    @inline(__always) static func gelu8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        let z = v * SIMD8<Float>(repeating: 0.70710678)          // v / √2
        let one = SIMD8<Float>(repeating: 1)
        let a = z.replacing(with: -z, where: z .< SIMD8<Float>())
        let t = one / (one + SIMD8<Float>(repeating: 0.3275911) * a)
        var poly = SIMD8<Float>(repeating: 1.061405429)
        poly = poly * t + SIMD8<Float>(repeating: -1.453152027)
        poly = poly * t + SIMD8<Float>(repeating: 1.421413741)
        poly = poly * t + SIMD8<Float>(repeating: -0.284496736)
        poly = poly * t + SIMD8<Float>(repeating: 0.254829592)
        let erfAbs = one - poly * t * exp8(-(a * a))
        let erfZ = erfAbs.replacing(with: -erfAbs, where: z .< SIMD8<Float>())
        return SIMD8<Float>(repeating: 0.5) * v * (one + erfZ)
    }

    /// e^x for x ≤ 0 (as erf needs): x = n·ln2 + r, e^r by a degree-6 polynomial, 2^n by bits.
    /// Rounding and the float→int step use the 1.5·2²³ trick so everything stays in vector
    /// registers (the generic SIMD conversions compile to per-lane calls).
    @inline(__always) static func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let floor = SIMD8<Float>(repeating: -87)
        let clamped = x.replacing(with: floor, where: x .< floor)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5 · 2^23
        let shifted = clamped * SIMD8<Float>(repeating: 1.442695041) + magic
        let n = shifted - magic                          // round to nearest
        let r = clamped - n * SIMD8<Float>(repeating: 0.693147181)
        var p = SIMD8<Float>(repeating: 1.0 / 720)
        p = p * r + SIMD8<Float>(repeating: 1.0 / 120)
        p = p * r + SIMD8<Float>(repeating: 1.0 / 24)
        p = p * r + SIMD8<Float>(repeating: 1.0 / 6)
        p = p * r + SIMD8<Float>(repeating: 0.5)
        p = p * r + SIMD8<Float>(repeating: 1)
        p = p * r + SIMD8<Float>(repeating: 1)
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let bits = (integer &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    /// In-place softmax of `count` values; eight lanes at a time after subtracting the maximum
    /// (so every exponent is ≤ 0, the range `exp8` covers).
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
        let m8 = SIMD8<Float>(repeating: maximum)
        var sum8 = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let e = exp8(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - m8)
            UnsafeMutableRawPointer(x + i).storeBytes(of: e, as: SIMD8<Float>.self)
            sum8 += e
            i += 8
        }
        var sum = sum8.sum()
        while i < count { x[i] = expf(x[i] - maximum); sum += x[i]; i += 1 }
        let inverse = 1 / sum
        for j in 0..<count { x[j] *= inverse }
    }
}
