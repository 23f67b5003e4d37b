import Foundation

/// A linear layer's weights repacked once for the GEMM micro-kernel: panels of 16 outputs,
/// each panel `inputs` rows of 16 floats (zero-padded past the last output), so the kernel
/// streams one contiguous panel while six token rows stay in registers.
public struct PackedLinear: Sendable {
    public let inputs: Int
    public let outputs: Int
    /// [panels][inputs][16]
    let panels: [Float]
    /// [outputs]
    let bias: [Float]

    public static let panelWidth = 16
    var panelCount: Int { (outputs + 15) / 16 }

    /// Packs PyTorch-layout weights ([outputs][inputs]) and their bias.
    public init(weights: [Float], bias: [Float]?, inputs: Int, outputs: Int) {
        precondition(weights.count == inputs * outputs)
        self.inputs = inputs
        self.outputs = outputs
        self.bias = bias ?? [Float](repeating: 0, count: outputs)
        let count = (outputs + 15) / 16
        var packed = [Float](repeating: 0, count: count * inputs * 16)
        for panel in 0..<count {
            for k in 0..<inputs {
                for lane in 0..<16 {
                    let o = panel * 16 + lane
                    if o < outputs { packed[(panel * inputs + k) * 16 + lane] = weights[o * inputs + k] }
                }
            }
        }
        panels = packed
    }
}

extension Kernels {
    /// y = x · Wᵀ + b with packed weights. x: [rows, inputs], y: [rows, outputs].
    /// Work is split by output panels over `threads` threads.
    public static func gemm(_ x: UnsafePointer<Float>, _ w: PackedLinear, _ y: UnsafeMutablePointer<Float>, rows: Int, threads: Int = 1) {
        let panels = w.panelCount
        let parts = max(1, min(threads, panels))
        if parts == 1 {
            w.panels.withUnsafeBufferPointer { p in
                w.bias.withUnsafeBufferPointer { b in gemmPanels(x, p.baseAddress!, b.baseAddress!, y, rows: rows, w: w, panels: 0..<panels) }
            }
            return
        }
        let yAddress = Int(bitPattern: y), xAddress = Int(bitPattern: x)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (panels * part / parts)..<(panels * (part + 1) / parts)
            w.panels.withUnsafeBufferPointer { p in
                w.bias.withUnsafeBufferPointer { b in
                    gemmPanels(UnsafePointer(bitPattern: xAddress)!, p.baseAddress!, b.baseAddress!,
                               UnsafeMutablePointer(bitPattern: yAddress)!, rows: rows, w: w, panels: range)
                }
            }
        }
    }

    static func gemmPanels(_ x: UnsafePointer<Float>, _ packed: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                           _ y: UnsafeMutablePointer<Float>, rows: Int, w: PackedLinear, panels: Range<Int>) {
        let k = w.inputs, n = w.outputs
        for panel in panels {
            let b = packed + panel * k * 16
            let column = panel * 16
            let width = min(16, n - column)
            var row = 0
            while row + 6 <= rows {
                kernel6x16(x + row * k, k, b, bias + column, y + row * n + column, n, width)
                row += 6
            }
            while row < rows {
                kernel1x16(x + row * k, k, b, bias + column, y + row * n + column, width)
                row += 1
            }
        }
    }

    /// Six rows × sixteen outputs: twelve SIMD8 accumulators, two panel loads and six broadcasts
    /// per step of k, all fused multiply-adds.
    @inline(__always)
    static func kernel6x16(_ a: UnsafePointer<Float>, _ k: Int, _ b: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                           _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ width: Int) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        let a0 = a, a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k, a4 = a + 4 * k, a5 = a + 5 * k
        var p = UnsafeRawPointer(b)
        for i in 0..<k {
            let b0 = p.load(as: SIMD8<Float>.self)
            let b1 = p.load(fromByteOffset: 32, as: SIMD8<Float>.self)
            var v = SIMD8<Float>(repeating: a0[i]); c00.addProduct(v, b0); c01.addProduct(v, b1)
            v = SIMD8<Float>(repeating: a1[i]); c10.addProduct(v, b0); c11.addProduct(v, b1)
            v = SIMD8<Float>(repeating: a2[i]); c20.addProduct(v, b0); c21.addProduct(v, b1)
            v = SIMD8<Float>(repeating: a3[i]); c30.addProduct(v, b0); c31.addProduct(v, b1)
            v = SIMD8<Float>(repeating: a4[i]); c40.addProduct(v, b0); c41.addProduct(v, b1)
            v = SIMD8<Float>(repeating: a5[i]); c50.addProduct(v, b0); c51.addProduct(v, b1)
            p += 64
        }
        storeRow(c00, c01, bias, c, width)
        storeRow(c10, c11, bias, c + ldc, width)
        storeRow(c20, c21, bias, c + 2 * ldc, width)
        storeRow(c30, c31, bias, c + 3 * ldc, width)
        storeRow(c40, c41, bias, c + 4 * ldc, width)
        storeRow(c50, c51, bias, c + 5 * ldc, width)
    }

    @inline(__always)
    static func kernel1x16(_ a: UnsafePointer<Float>, _ k: Int, _ b: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                           _ c: UnsafeMutablePointer<Float>, _ width: Int) {
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>()
        var p = UnsafeRawPointer(b)
        for i in 0..<k {
            let v = SIMD8<Float>(repeating: a[i])
            c0.addProduct(v, p.load(as: SIMD8<Float>.self))
            c1.addProduct(v, p.load(fromByteOffset: 32, as: SIMD8<Float>.self))
            p += 64
        }
        storeRow(c0, c1, bias, c, width)
    }

    @inline(__always)
    static func storeRow(_ lo: SIMD8<Float>, _ hi: SIMD8<Float>, _ bias: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ width: Int) {
        if width == 16 {
            UnsafeMutableRawPointer(out).storeBytes(of: lo + UnsafeRawPointer(bias).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out + 8).storeBytes(of: hi + UnsafeRawPointer(bias + 8).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
        } else {
            for j in 0..<width { out[j] = (j < 8 ? lo[j] : hi[j - 8]) + bias[j] }
        }
    }
}
