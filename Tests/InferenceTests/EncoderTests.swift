import DocketTestSupport
import Foundation
import Testing
@testable import Inference

@Suite struct EncoderTests {
    struct Reference: Decodable {
        struct Case: Decodable { var text: String; var input_ids: [Int32]; var embedding: [Double] }
        var max_len: Int
        var cases: [Case]
    }

    static let encoder = Result { try BertEncoder(folder: WordPieceTests.modelFolder) }

    @Test func f32EmbeddingsMatchTheReferenceOnEveryCase() throws {
        let encoder = try Self.encoder.get()
        #expect(encoder.maxTokens == 256)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.shared + "/fixtures/minilm_reference.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        #expect(reference.cases.count == 40)
        var worst = 1.0
        for item in reference.cases {
            let ids = encoder.tokenizer.encode(item.text, maxLength: reference.max_len).ids
            #expect(ids == item.input_ids, "token ids of \(item.text.prefix(40))")
            let embedding = encoder.embed(ids: ids)
            var dot = 0.0, a = 0.0, b = 0.0
            for (x, y) in zip(embedding, item.embedding) { dot += Double(x) * y; a += Double(x) * Double(x); b += y * y }
            let cosine = dot / (a.squareRoot() * b.squareRoot())
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "cosine \(cosine) for \(item.text.prefix(40))")
        }
        print("F32 worst cosine against the reference: \(worst)")
    }

    @Test func embeddingsHaveUnitLength() throws {
        let embedding = try Self.encoder.get().embed("Invoice total due: 1,234.56 EUR")
        #expect(embedding.count == 384)
        let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(norm - 1) < 1e-4)
    }
}

@Suite struct KernelTests {
    typealias Random = SeededRandom

    /// The vectorized GELU against the exact one: absolute error under 1e-6 over [-10, 10].
    @Test func vectorGeluMatchesTheExactOne() {
        var values = (0..<4003).map { Float($0) / 200 - 10 }
        let expected = values.map(Kernels.gelu)
        Kernels.geluInPlace(&values, count: values.count)
        let worst = zip(values, expected).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-6, "worst error \(worst)")
    }

    @Test func softmaxAndLayerNormAndGelu() {
        var scores: [Float] = [1, 2, 3, 1000]
        Kernels.softmax(&scores, count: 4)
        #expect(abs(scores.reduce(0, +) - 1) < 1e-6)
        #expect(scores[3] > 0.999)
        var row: [Float] = [1, 2, 3, 4]
        Kernels.layerNorm(&row, rows: 1, width: 4, gamma: [1, 1, 1, 1], beta: [0, 0, 0, 0], epsilon: 1e-12)
        #expect(abs(row.reduce(0, +)) < 1e-5)
        #expect(abs(row[3] - 1.3416408) < 1e-5)
        #expect(abs(Kernels.gelu(1) - 0.8413447) < 1e-6)
        #expect(Kernels.gelu(0) == 0)
    }
}

@Suite struct SafeTensorsTests {
    /// A small valid file: two F32 tensors, one F16, one BF16.
    static func validFile() -> Data {
        let header = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[4],"data_offsets":[24,40]},"h":{"dtype":"F16","shape":[2],"data_offsets":[40,44]},"z":{"dtype":"BF16","shape":[2],"data_offsets":[44,48]}}"#
        var data = Data()
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: header.utf8)
        for value: Float in [1, 2, 3, 4, 5, 6, -1, -2, 0.5, 8] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        for half: Float16 in [1.5, -2] { withUnsafeBytes(of: half.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        for bf: Float in [3, -0.25] { withUnsafeBytes(of: UInt16(bf.bitPattern >> 16).littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    func load(_ data: Data) throws -> SafeTensorsFile {
        let path = NSTemporaryDirectory() + "st-\(UUID().uuidString.prefix(8)).safetensors"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try SafeTensorsFile(path: path)
    }

    @Test func readsTypesAndShapes() throws {
        let file = try load(Self.validFile())
        #expect(file.metadata["format"] == "pt")
        #expect(try file.tensor("a", shape: [2, 3]).floats() == [1, 2, 3, 4, 5, 6])
        #expect(try file.tensor("h").floats() == [1.5, -2])
        #expect(try file.tensor("z").floats() == [3, -0.25])
        #expect(throws: InferenceError.self) { try file.tensor("a", shape: [3, 2]) }
        #expect(throws: InferenceError.self) { try file.tensor("missing") }
    }

    @Test func forgedHeadersAreErrors() throws {
        func forged(_ header: String, dataBytes: Int = 16) -> Data {
            var data = Data()
            var length = UInt64(header.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
            data.append(contentsOf: header.utf8)
            data.append(Data(count: dataBytes))
            return data
        }
        for header in [
            #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,32]}}"#,          // past the end
            #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#,          // size mismatch
            #"{"a":{"dtype":"Q9","shape":[4],"data_offsets":[0,16]}}"#,           // unknown type
            #"{"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}"#,         // negative shape
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#,           // reversed offsets
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, // overlap
            #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#, // overflow
            #"[1,2,3]"#,
        ] {
            #expect(throws: InferenceError.self, "\(header)") { try load(forged(header)) }
        }
        var huge = Data(count: 16)
        huge.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Data($0) })
        #expect(throws: InferenceError.self) { try load(huge) }
    }

    /// Every truncation and 500 random byte corruptions of a valid file: an error or a file
    /// whose tensors all lie inside it, never a crash.
    @Test func fuzzedFilesNeverCrash() throws {
        let valid = Self.validFile()
        for cut in 0..<valid.count {
            if let file = try? load(valid.prefix(cut)) {
                for tensor in file.tensors.values { _ = try? tensor.floats() }
            }
        }
        var random = KernelTests.Random(state: 7)
        for _ in 0..<500 {
            var bytes = [UInt8](valid)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let file = try? load(Data(bytes)) {
                for tensor in file.tensors.values {
                    #expect(tensor.bytes.count == tensor.elementCount * tensor.type.byteSize)
                    _ = try? tensor.floats()
                }
            }
        }
    }

    @Test func modelFoldersWithMissingFilesAreClearErrors() throws {
        let folder = NSTemporaryDirectory() + "model-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            _ = try BertEncoder(folder: folder)
            Issue.record("expected an error")
        } catch let error as InferenceError {
            #expect(error.message.contains("config.json"))
        }
    }
}

@Suite struct PackedGEMMTests {
    /// The packed 6x16 kernel against the Double reference, on shapes with ragged row and
    /// column edges, with one and two threads (each thread starting at its own panel of the
    /// panels packed at load). Error limit as for `linear`.
    @Test func gemmMatchesTheReferenceOnRaggedShapes() {
        var random = KernelTests.Random(state: 99)
        for (rows, inputs, outputs) in [(1, 1, 1), (6, 8, 16), (7, 5, 17), (13, 33, 40), (12, 384, 384), (5, 1536, 31), (128, 64, 48)] {
            let x = (0..<(rows * inputs)).map { _ in Float.random(in: -1...1, using: &random) }
            let w = (0..<(outputs * inputs)).map { _ in Float.random(in: -1...1, using: &random) }
            let b = (0..<outputs).map { _ in Float.random(in: -1...1, using: &random) }
            let packed = Linear(weights: WeightMatrix(floats: w, rows: outputs, columns: inputs), bias: b)
            #expect(packed.packed != nil, "FP32 weights are packed once, at load")
            let expected = Kernels.linearReference(x, w, b, tokens: rows, inputs: inputs, outputs: outputs)
            for threads in [1, 2] {
                var y = [Float](repeating: .nan, count: rows * outputs)
                Kernels.gemm(x, packed, &y, rows: rows, threads: threads)
                for t in 0..<rows {
                    for o in 0..<outputs {
                        var magnitude: Float = 0
                        for i in 0..<inputs { magnitude += abs(x[t * inputs + i] * w[o * inputs + i]) }
                        let error = abs(y[t * outputs + o] - expected[t * outputs + o])
                        #expect(error <= 1e-5 * max(1, magnitude), "\(rows)x\(inputs)x\(outputs) threads \(threads) at \(t),\(o): \(error)")
                    }
                }
            }
        }
    }
}
