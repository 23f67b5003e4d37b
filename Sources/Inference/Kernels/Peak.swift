import Foundation

/// Measurements the inference benchmark takes in the same run as the encoder.
public enum Peak {
    /// FP32 throughput of one core running the GEMM's own 6×16 micro-kernel on data that stays
    /// in L1 (6×256 activations, one 256×16 weight panel): twelve SIMD8 accumulators, two loads
    /// and six broadcasts per twelve fused multiply-adds. Returns GFLOP/s.
    public static func fmaGFLOPS(seconds: Double = 0.5) -> Double {
        let k = 256
        let a = [Float](repeating: 0.5, count: 6 * k)
        let b = [Float](repeating: 0.25, count: k * 16)
        let bias = [Float](repeating: 0, count: 16)
        var c = [Float](repeating: 0, count: 6 * 16)
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in bias.withUnsafeBufferPointer { biasp in
            c.withUnsafeMutableBufferPointer { cp in
                repeat {
                    for _ in 0..<1000 {
                        Kernels.kernel6x16(ap.baseAddress!, k, bp.baseAddress!, biasp.baseAddress!, cp.baseAddress!, 16, 16)
                    }
                    calls += 1000
                    elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                } while elapsed < seconds
            }
        } } }
        return Double(calls) * Double(2 * 6 * 16 * k) / elapsed / 1e9
    }

    /// GFLOP/s of the packed GEMM on an [m, k] × [k, n] problem.
    public static func gemmGFLOPS(m: Int, k: Int, n: Int, threads: Int, seconds: Double = 0.5) -> Double {
        let x = (0..<(m * k)).map { Float($0 % 7) * 0.01 }
        let w = Linear(weights: WeightMatrix(floats: (0..<(n * k)).map { Float($0 % 5) * 0.01 }, rows: n, columns: k), bias: nil)
        var y = [Float](repeating: 0, count: m * n)
        Kernels.gemm(x, w, &y, rows: m, threads: threads)
        var runs = 0
        let start = Date()
        repeat {
            Kernels.gemm(x, w, &y, rows: m, threads: threads)
            runs += 1
        } while Date().timeIntervalSince(start) < seconds
        return Double(runs) * 2 * Double(m * k * n) / Date().timeIntervalSince(start) / 1e9
    }
}

extension Peak {
    /// One row through a [n, k] layer stored as `format`: GFLOP/s counted as 2·k·n per call.
    /// Q8_0 and Q4_0 take the integer dot products; F32 takes the packed GEMM.
    public static func oneRowGFLOPS(format: WeightMatrix.Format, k: Int = 384, n: Int = 1536, threads: Int, seconds: Double = 0.3) throws -> Double {
        let values = (0..<(n * k)).map { Float(($0 * 7919) % 201 - 100) * 0.01 }
        let layer = Linear(weights: try WeightMatrix(encoding: values, rows: n, columns: k, as: format), bias: nil)
        let x = (0..<k).map { Float($0 % 13) * 0.1 - 0.6 }
        var y = [Float](repeating: 0, count: n)
        var runs = 0
        let start = Date()
        repeat {
            for _ in 0..<20 { Kernels.gemm(x, layer, &y, rows: 1, threads: threads) }
            runs += 20
        } while Date().timeIntervalSince(start) < seconds
        return Double(runs) * 2 * Double(k * n) / Date().timeIntervalSince(start) / 1e9
    }
}
