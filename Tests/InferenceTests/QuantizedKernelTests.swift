import DocketTestSupport
import Foundation
import Testing
@testable import Inference

/// Weights read in their stored format: row dequantization, the GEMM over each format, and the
/// integer dot products against their plain references.
@Suite struct QuantizedKernelTests {
    /// The SIMD integer dot products and the reference compute the same integer sums; they may
    /// differ only by Float accumulation order across blocks.
    static let accumulationLimit: Float = 2e-5
    /// Quantizing an activation to Q8_0 moves it by at most half a step, scale/2 = max|x|/254
    /// per block, so one output moves by at most Σ|w|·max|x|/254. Checked against that bound.
    static func activationBound(_ x: ArraySlice<Float>, _ w: ArraySlice<Float>) -> Float {
        var bound: Float = 0
        for block in stride(from: 0, to: x.count, by: 32) {
            let xs = x[(x.startIndex + block)..<(x.startIndex + block + 32)]
            let ws = w[(w.startIndex + block)..<(w.startIndex + block + 32)]
            bound += ws.reduce(0) { $0 + abs($1) } * (xs.map(abs).max()! / 254)
        }
        return bound * 1.001 + 1e-6
    }

    func randomValues(_ count: Int, _ random: inout SeededRandom) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &random) }
    }

    /// Each format's rows come back as the gguf-compatible quantizer encoded them: exact for
    /// F32, within the format's rounding for the others. Values lie in [-1, 1]; Q8_0 steps are
    /// max/127 and Q4_0 steps max/8 (its clamp at +7 costs a whole step), each widened by the
    /// F16 rounding of the stored scale.
    @Test func rowsDequantizeWithinEachFormatsRounding() throws {
        var random = SeededRandom(state: 5)
        let rows = 7, columns = 96
        let values = randomValues(rows * columns, &random)
        let limits: [(WeightMatrix.Format, Float)] = [(.f32, 0), (.f16, 1e-3), (.bf16, 8e-3), (.q8_0, 1.0 / 127 * 0.57), (.q4_0, 1.0 / 8 * 1.07)]
        for (format, limit) in limits {
            let matrix = try WeightMatrix(encoding: values, rows: rows, columns: columns, as: format)
            let back = matrix.floats()
            let worst = zip(back, values).map { abs($0 - $1) }.max()!
            #expect(worst <= limit, "\(format): worst \(worst) over \(limit)")
            #expect(matrix.byteCount == rows * columns / format.blockElements * format.blockBytes)
        }
    }

    /// The packed GEMM over quantized weights equals the Double reference over the same
    /// weights dequantized, on ragged shapes, one and two threads (rows above the integer path).
    @Test func gemmOverStoredFormatsMatchesTheReference() throws {
        var random = SeededRandom(state: 17)
        for (rows, inputs, outputs) in [(5, 32, 17), (13, 64, 40), (64, 384, 100)] {
            let x = randomValues(rows * inputs, &random), w = randomValues(outputs * inputs, &random)
            let b = randomValues(outputs, &random)
            for format in [WeightMatrix.Format.f16, .bf16, .q8_0, .q4_0] {
                let matrix = try WeightMatrix(encoding: w, rows: outputs, columns: inputs, as: format)
                let expected = Kernels.linearReference(x, matrix.floats(), b, tokens: rows, inputs: inputs, outputs: outputs)
                for threads in [1, 2] {
                    var y = [Float](repeating: .nan, count: rows * outputs)
                    Kernels.gemm(x, Linear(weights: matrix, bias: b), &y, rows: rows, threads: threads)
                    let worst = zip(y, expected).map { abs($0 - $1) }.max()!
                    #expect(worst <= 1e-5 * Float(inputs), "\(format) \(rows)x\(inputs)x\(outputs) threads \(threads): \(worst)")
                }
            }
        }
    }

    @Test func activationRowsQuantizeWithinHalfAStep() {
        var random = SeededRandom(state: 23)
        var x = randomValues(96, &random)
        x[40] = 0  // a block that is not all zero, and one that is
        for i in 64..<96 { x[i] = 0 }
        var scales = [Float](repeating: -1, count: 3), values = [Int8](repeating: 0, count: 96)
        Kernels.quantizeRowQ8(x, count: 96, scales: &scales, values: &values)
        #expect(scales[2] == 0 && values[64...].allSatisfy { $0 == 0 })
        for i in 0..<64 {
            let step = scales[i / 32]
            #expect(abs(Float(values[i]) * step - x[i]) <= step / 2 * 1.0001, "element \(i)")
            #expect(abs(Int(values[i])) <= 127)
        }
    }

    /// SIMD dot products against the plain reference, on every block count from 1 to 12.
    @Test func integerDotProductsMatchTheirReference() throws {
        var random = SeededRandom(state: 31)
        for blocks in 1...12 {
            let k = blocks * 32
            let x = randomValues(k, &random)
            var scales = [Float](repeating: 0, count: blocks), values = [Int8](repeating: 0, count: k)
            Kernels.quantizeRowQ8(x, count: k, scales: &scales, values: &values)
            for format in [WeightMatrix.Format.q8_0, .q4_0] {
                let matrix = try WeightMatrix(encoding: randomValues(3 * k, &random), rows: 3, columns: k, as: format)
                for row in 0..<3 {
                    let simd = format == .q8_0
                        ? Kernels.dotQ8_0(matrix.rowPointer(row), scales, values, blocks: blocks)
                        : Kernels.dotQ4_0(matrix.rowPointer(row), scales, values, blocks: blocks)
                    let reference = Kernels.quantizedDotReference(matrix, row: row, scales, values)
                    #expect(abs(simd - reference) <= Self.accumulationLimit * max(1, abs(reference)), "\(format) blocks \(blocks) row \(row)")
                }
            }
        }
    }

    /// A few rows against Q8_0/Q4_0 take the integer path; each output stays within the bound
    /// activation quantization allows of the float product over the same weights.
    @Test func fewRowsTakeTheIntegerPathWithinTheActivationBound() throws {
        var random = SeededRandom(state: 37)
        let inputs = 384, outputs = 200
        for rows in 1...Kernels.quantizedRowLimit {
            let x = randomValues(rows * inputs, &random), w = randomValues(outputs * inputs, &random)
            let b = randomValues(outputs, &random)
            for format in [WeightMatrix.Format.q8_0, .q4_0] {
                let matrix = try WeightMatrix(encoding: w, rows: outputs, columns: inputs, as: format)
                let dequantized = matrix.floats()
                let expected = Kernels.linearReference(x, dequantized, b, tokens: rows, inputs: inputs, outputs: outputs)
                var y = [Float](repeating: .nan, count: rows * outputs)
                Kernels.gemm(x, Linear(weights: matrix, bias: b), &y, rows: rows, threads: 2)
                var differs = false
                for r in 0..<rows {
                    for o in 0..<outputs {
                        let bound = Self.activationBound(x[(r * inputs)..<((r + 1) * inputs)], dequantized[(o * inputs)..<((o + 1) * inputs)])
                        let error = abs(y[r * outputs + o] - expected[r * outputs + o])
                        #expect(error <= bound, "\(format) rows \(rows) at \(r),\(o): \(error) over \(bound)")
                        differs = differs || error > 1e-6
                    }
                }
                #expect(differs, "the integer path quantizes activations, so some output must differ from the float product")
            }
        }
    }

    @Test func sequencesGroupIntoChunksWithoutSplittingOne() {
        #expect(BertEncoder.sequenceGroups(starts: [0], limit: 10) == [])
        #expect(BertEncoder.sequenceGroups(starts: [0, 4, 8, 12], limit: 8) == [0..<2, 2..<3])
        #expect(BertEncoder.sequenceGroups(starts: [0, 20, 25], limit: 8) == [0..<1, 1..<2])
        #expect(BertEncoder.sequenceGroups(starts: [0, 3, 6, 9], limit: 100) == [0..<3])
    }

    /// A batch over several chunks gives each text the embedding it gets alone.
    @Test func chunkedBatchesEmbedLikeSingleTexts() throws {
        let encoder = try EncoderTests.encoder.get()
        let body = (0..<198).map { Int32(2000 + ($0 * 37) % 5000) }
        let batch = (0..<12).map { n in [encoder.tokenizer.clsID] + Array(body.prefix(40 + n * 13)) + [encoder.tokenizer.sepID] }
        #expect(batch.reduce(0) { $0 + $1.count } > encoder.chunkTokens, "spans more than one chunk")
        let together = encoder.embed(batch: batch, threads: 2)
        for (index, ids) in batch.enumerated() {
            let alone = encoder.embed(ids: ids)
            let cosine = zip(alone, together[index]).reduce(0) { $0 + Double($1.0) * Double($1.1) }
            #expect(cosine >= 0.999999, "text \(index): \(cosine)")
        }
    }
}
