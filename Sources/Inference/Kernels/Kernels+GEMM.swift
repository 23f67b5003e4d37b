import Foundation

/// A linear layer: weights [outputs][inputs] in their stored format, and a bias.
public struct Linear: Sendable {
    public let weights: WeightMatrix
    /// [outputs]
    let bias: [Float]
    /// FP32 weights packed once, at load: [panelCount][inputs][16]. Repacking them on every
    /// call was a fifth of `docket extract`'s time (perf: `pack` 11%, its row copies 10%).
    /// Block-quantized weights keep their size and are widened per call instead.
    let packed: PackedPanels?

    public var inputs: Int { weights.columns }
    public var outputs: Int { weights.rows }

    public static let panelWidth = 16
    var panelCount: Int { Self.panelCount(weights) }
    static func panelCount(_ weights: WeightMatrix) -> Int { (weights.rows + 15) / 16 }

    public init(weights: WeightMatrix, bias: [Float]?) {
        precondition(bias == nil || bias!.count == weights.rows)
        self.weights = weights
        self.bias = bias ?? [Float](repeating: 0, count: weights.rows)
        packed = weights.format == .f32 ? PackedPanels(weights: weights) : nil
    }

    /// Packs panels `panels` for the micro-kernel: per panel, `inputs` steps of 16 floats (one
    /// per output, zero past the last output), so the kernel streams one contiguous panel while
    /// six token rows stay in registers. `packed` holds panels.count × inputs × 16 floats.
    func pack(panels: Range<Int>, into packed: UnsafeMutablePointer<Float>) {
        Self.pack(weights, panels: panels, into: packed)
    }

    static func pack(_ weights: WeightMatrix, panels: Range<Int>, into packed: UnsafeMutablePointer<Float>) {
        let k = weights.columns, outputs = weights.rows
        let row = UnsafeMutablePointer<Float>.allocate(capacity: k)
        defer { row.deallocate() }
        for (index, panel) in panels.enumerated() {
            let destination = packed + index * k * 16
            for lane in 0..<16 {
                let output = panel * 16 + lane
                if output < outputs {
                    weights.dequantizeRow(output, into: row)
                    for i in 0..<k { destination[i * 16 + lane] = row[i] }
                } else {
                    for i in 0..<k { destination[i * 16 + lane] = 0 }
                }
            }
        }
    }
}

/// A layer's weights in the micro-kernel's panel order, owned by this object alone.
final class PackedPanels: @unchecked Sendable {
    /// [panelCount][inputs][16]; written once in init, only read afterwards.
    let floats: UnsafeMutablePointer<Float>

    init(weights: WeightMatrix) {
        let panels = Linear.panelCount(weights)
        let count = panels * weights.columns * Linear.panelWidth
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count * 4), alignment: 64)
        floats = raw.bindMemory(to: Float.self, capacity: max(1, count))
        Linear.pack(weights, panels: 0..<panels, into: floats)
    }

    deinit { floats.deallocate() }
}

extension Kernels {
    /// y = x · Wᵀ + b. x: [rows, inputs], y: [rows, outputs]. Output panels are split over
    /// `threads` threads; each thread takes its panels packed at load (FP32) or dequantizes and
    /// packs them once per call (a cost of inputs × outputs against rows × inputs × outputs
    /// multiply-adds), then walks the rows in
    /// chunks small enough to stay in cache while every one of its panels passes over them.
    /// A few rows against block-quantized weights take the integer dot products instead
    /// (QuantizedDot.swift), which read the weights once without widening them.
    public static func gemm(_ x: UnsafePointer<Float>, _ layer: Linear, _ y: UnsafeMutablePointer<Float>, rows: Int, threads: Int = 1) {
        if rows <= quantizedRowLimit && layer.weights.format.isBlockQuantized {
            return quantizedLinear(x, layer, y, rows: rows, threads: threads)
        }
        let panels = layer.panelCount, k = layer.inputs, n = layer.outputs
        let parts = max(1, min(threads, panels))
        let chunk = max(6, min(rows, gemmRowChunkBytes / (4 * k)) / 6 * 6)
        let xAddress = Int(bitPattern: x), yAddress = Int(bitPattern: y)
        ThreadPool.shared.run(parts: parts) { part in
            let x = UnsafePointer<Float>(bitPattern: xAddress)!, y = UnsafeMutablePointer<Float>(bitPattern: yAddress)!
            let mine = (panels * part / parts)..<(panels * (part + 1) / parts)
            var scratch: UnsafeMutableRawPointer?
            defer { scratch?.deallocate() }
            let packed: UnsafePointer<Float>
            if let ready = layer.packed {
                packed = UnsafePointer(ready.floats + mine.lowerBound * k * 16)
            } else {
                let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, mine.count * k * 64), alignment: 64)
                scratch = raw
                let panels = raw.bindMemory(to: Float.self, capacity: mine.count * k * 16)
                layer.pack(panels: mine, into: panels)
                packed = UnsafePointer(panels)
            }
            layer.bias.withUnsafeBufferPointer { bias in
                for first in stride(from: 0, to: rows, by: chunk) {
                    let last = min(rows, first + chunk)
                    for (index, panel) in mine.enumerated() {
                        let b = packed + index * k * 16
                        let column = panel * 16, width = min(16, n - column)
                        var row = first
                        while row + 6 <= last {
                            kernel6x16(x + row * k, k, b, bias.baseAddress! + column, y + row * n + column, n, width)
                            row += 6
                        }
                        while row < last {
                            kernel1x16(x + row * k, k, b, bias.baseAddress! + column, y + row * n + column, width)
                            row += 1
                        }
                    }
                }
            }
        }
    }

    /// Bytes of activations a row chunk may span: about half of a Zen 3 core's L2.
    static let gemmRowChunkBytes = 256 * 1024

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
