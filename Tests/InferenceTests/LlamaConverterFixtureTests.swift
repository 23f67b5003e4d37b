import DocketTestSupport
import Foundation
import Testing
@testable import Inference

/// A tiny random-weight BERT written by llama.cpp's own converter (convert_hf_to_gguf.py, F32
/// and Q8_0), with PyTorch's embeddings of eight texts beside it
/// (scripts/fixtures/make_llama_bert_fixture.py). Docket must read the converter's names,
/// shapes, types and vocabulary, and embed like transformers' BertModel.
@Suite struct LlamaConverterFixtureTests {
    struct Reference: Decodable {
        struct Case: Decodable { let text: String; let input_ids: [Int32]; let embedding: [Double] }
        let cases: [Case]
    }

    static let folder = Repository.root + "/Tests/Fixtures/gguf/"

    func cosines(_ file: String) throws -> [Double] {
        let encoder = try BertEncoder(folder: Self.folder + file)
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "tiny-bert-reference.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        #expect(reference.cases.count == 8)
        return reference.cases.map { item in
            let ids = encoder.tokenizer.encode(item.text, maxLength: 64).ids
            #expect(ids == item.input_ids, "\(file): ids of \"\(item.text)\"")
            let e = encoder.embed(ids: item.input_ids)
            var dot = 0.0, a = 0.0, b = 0.0
            for (x, y) in zip(e, item.embedding) { dot += Double(x) * y; a += Double(x) * Double(x); b += y * y }
            return dot / (a.squareRoot() * b.squareRoot())
        }
    }

    @Test func theConvertersF32FileEmbedsLikePyTorch() throws {
        let file = try GGUFFile(path: Self.folder + "tiny-bert-llama-f32.gguf")
        #expect(file.metadata["general.architecture"]?.stringValue == "bert")
        #expect(file.tensors["blk.1.ffn_up.weight"]?.dimensions == [32, 64])
        let worst = try cosines("tiny-bert-llama-f32.gguf").min()!
        #expect(worst >= 0.9999, "worst cosine \(worst)")
        print("llama.cpp converter fixture: F32 worst cosine \(worst)")
    }

    @Test func theConvertersQ8_0FileStaysWithinTheQ8_0Limit() throws {
        let file = try GGUFFile(path: Self.folder + "tiny-bert-llama-q8_0.gguf")
        #expect(file.tensors["blk.0.attn_q.weight"]?.type == .q8_0, "the converter stores matrices as Q8_0")
        let worst = try cosines("tiny-bert-llama-q8_0.gguf").min()!
        #expect(worst >= 0.995, "worst cosine \(worst)")
        print("llama.cpp converter fixture: Q8_0 worst cosine \(worst)")
    }

    /// `docket quantize` writes every bert.* and tokenizer.* key the converter writes (llama.cpp
    /// refuses a BERT GGUF without tokenizer.ggml.token_type_count), with the same values where
    /// they do not depend on the model, and marks the same tokens as control tokens.
    @Test func quantizeWritesEveryKeyTheConverterWrites() throws {
        let path = NSTemporaryDirectory() + "keys-\(UUID().uuidString.prefix(6)).gguf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try BertEncoder.quantize(folder: WordPieceTests.modelFolder, to: path, type: .f16)
        let ours = try GGUFFile(path: path).metadata
        let converter = try GGUFFile(path: Self.folder + "tiny-bert-llama-f32.gguf").metadata
        for key in converter.keys where key.hasPrefix("bert.") || key.hasPrefix("tokenizer.") {
            #expect(ours[key] != nil, "docket quantize lacks \(key)")
        }
        for key in ["tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.token_type_count", "tokenizer.ggml.add_bos_token",
                    "tokenizer.ggml.add_eos_token", "tokenizer.ggml.add_sep_token", "tokenizer.ggml.normalizer.lowercase",
                    "bert.attention.causal", "general.architecture"] {
            #expect(ours[key] == converter[key], "\(key): ours \(String(describing: ours[key])), converter \(String(describing: converter[key]))")
        }
        guard case .array(let tokens)? = ours["tokenizer.ggml.tokens"], case .array(let types)? = ours["tokenizer.ggml.token_type"] else {
            Issue.record("tokens and token types are arrays"); return
        }
        #expect(tokens.count == types.count)
        let control = zip(tokens, types).filter { $0.1 == .int(3) }.compactMap { $0.0.stringValue }
        #expect(Set(control) == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        #expect(tokens[1].stringValue == "\u{2581}[unused0]", "unused slots are ordinary words, as the converter writes them")
    }
}
