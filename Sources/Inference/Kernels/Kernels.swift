import Foundation

/// The encoder's numeric kernels. Each SIMD kernel has a plain reference version beside it;
/// tests compare the two on random shapes (ragged edges included) under a stated error limit.
public enum Kernels {
    /// y[t][o] = Σᵢ x[t][i] · w[o][i] + b[o]: a linear layer with weights stored [out][in],
    /// as PyTorch stores them. x: [tokens, inputs], w: [outputs, inputs], y: [tokens, outputs].
    public static func linear(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>?,
                              _ y: UnsafeMutablePointer<Float>, tokens: Int, inputs: Int, outputs: Int) {
        // Four outputs at a time share each loaded x vector; 8 lanes of AVX2 per step.
        let wide = inputs / 8 * 8
        for t in 0..<tokens {
            let xRow = x + t * inputs
            var o = 0
            while o + 4 <= outputs {
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                let w0 = w + o * inputs, w1 = w0 + inputs, w2 = w1 + inputs, w3 = w2 + inputs
                var i = 0
                while i < wide {
                    let xv = UnsafeRawPointer(xRow + i).loadUnaligned(as: SIMD8<Float>.self)
                    a0.addProduct(xv, UnsafeRawPointer(w0 + i).loadUnaligned(as: SIMD8<Float>.self))
                    a1.addProduct(xv, UnsafeRawPointer(w1 + i).loadUnaligned(as: SIMD8<Float>.self))
                    a2.addProduct(xv, UnsafeRawPointer(w2 + i).loadUnaligned(as: SIMD8<Float>.self))
                    a3.addProduct(xv, UnsafeRawPointer(w3 + i).loadUnaligned(as: SIMD8<Float>.self))
                    i += 8
                }
                var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
                while i < inputs {
                    s0 += xRow[i] * w0[i]; s1 += xRow[i] * w1[i]; s2 += xRow[i] * w2[i]; s3 += xRow[i] * w3[i]
                    i += 1
                }
                let out = y + t * outputs + o
                out[0] = s0 + (b?[o] ?? 0); out[1] = s1 + (b?[o + 1] ?? 0)
                out[2] = s2 + (b?[o + 2] ?? 0); out[3] = s3 + (b?[o + 3] ?? 0)
                o += 4
            }
            while o < outputs {
                var s: Float = 0
                for i in 0..<inputs { s += xRow[i] * w[o * inputs + i] }
                y[t * outputs + o] = s + (b?[o] ?? 0)
                o += 1
            }
        }
    }

    /// The plain version of `linear`, in Double, for tests.
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
        for r in 0..<rows {
            let row = x + r * width
            var mean = 0.0, square = 0.0
            for i in 0..<width { mean += Double(row[i]) }
            mean /= Double(width)
            for i in 0..<width { let d = Double(row[i]) - mean; square += d * d }
            let scale = 1 / (square / Double(width) + Double(epsilon)).squareRoot()
            for i in 0..<width { row[i] = Float((Double(row[i]) - mean) * scale) * gamma[i] + beta[i] }
        }
    }

    /// GELU with the exact error function, as BERT defines it.
    @inline(__always) public static func gelu(_ v: Float) -> Float {
        0.5 * v * (1 + Float(erf(Double(v) / 2.0.squareRoot())))
    }

    /// In-place softmax of `count` values.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
        var sum: Float = 0
        for i in 0..<count { x[i] = expf(x[i] - maximum); sum += x[i] }
        let inverse = 1 / sum
        for i in 0..<count { x[i] *= inverse }
    }
}
