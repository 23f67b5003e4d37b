import DocketTestSupport
import Foundation
import Testing
@testable import Inference

/// quantize → load from GGUF → embed, against the float64 reference on all 40 cases.
@Suite(.serialized) struct QuantizeRoundTripTests {
    func cosines(_ type: GGMLType) throws -> [Double] {
        let path = NSTemporaryDirectory() + "minilm-\(type)-\(UUID().uuidString.prefix(6)).gguf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try BertEncoder.quantize(folder: WordPieceTests.modelFolder, to: path, type: type)
        let encoder = try BertEncoder(folder: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.shared + "/fixtures/minilm_reference.json"))
        let reference = try JSONDecoder().decode(EncoderTests.Reference.self, from: data)
        return reference.cases.map { item in
            let ids = encoder.tokenizer.encode(item.text, maxLength: reference.max_len).ids
            #expect(ids == item.input_ids, "the GGUF token list tokenizes identically")
            let e = encoder.embed(ids: ids)
            var dot = 0.0, a = 0.0, b = 0.0
            for (x, y) in zip(e, item.embedding) { dot += Double(x) * y; a += Double(x) * Double(x); b += y * y }
            return dot / (a.squareRoot() * b.squareRoot())
        }
    }

    @Test func f16AndQ8_0StayWithinTheirLimits() throws {
        let f16 = try cosines(.f16)
        #expect(f16.min()! >= 0.9999, "F16 worst \(f16.min()!)")
        let q8 = try cosines(.q8_0)
        #expect(q8.min()! >= 0.995, "Q8_0 worst \(q8.min()!)")
        print("GGUF round trip: F16 worst cosine \(f16.min()!), Q8_0 worst \(q8.min()!)")
    }

    /// Q4_0 is readable, but this model loses accuracy: reported, with only a loose floor.
    @Test func q4_0IsReadableAndItsQualityIsReported() throws {
        let q4 = try cosines(.q4_0)
        let mean = q4.reduce(0, +) / Double(q4.count)
        print("GGUF round trip: Q4_0 worst cosine \(q4.min()!), mean \(mean)")
        #expect(q4.min()! > 0.8)
    }
}
