import DocketTestSupport
import Foundation
import Testing
@testable import Inference

/// Byte-level BPE against Hugging Face's `tokenizers` on two tokenizers it trained
/// (scripts/fixtures/make_bpe_fixture.py): GPT-2's pre-tokenizer and Llama 3's split pattern.
@Suite struct BPETests {
    static let folder = Repository.root + "/Tests/Fixtures/bpe/"

    struct Reference: Decodable {
        var tests: [String]
        var gpt2: [[Int32]]
        var llama3: [[Int32]]
    }

    @Test(arguments: ["gpt2", "llama3"])
    func idsEqualTheReferenceImplementation(_ name: String) throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Self.folder + "reference.json")))
        let tokenizer = try ByteLevelBPETokenizer(file: Self.folder + name + ".json")
        let expected = name == "gpt2" ? reference.gpt2 : reference.llama3
        #expect(expected.count == reference.tests.count)
        for (text, ids) in zip(reference.tests, expected) {
            #expect(tokenizer.encode(text) == ids, "\(name): \(text.debugDescription)")
        }
    }

    @Test func theByteTableCoversEveryByteOnce() {
        #expect(Set(ByteLevelBPETokenizer.byteToChar).count == 256)
        #expect(ByteLevelBPETokenizer.byteToChar[32] == "Ġ" && ByteLevelBPETokenizer.byteToChar[65] == "A")
    }

    @Test func aWordPieceFileIsRefusedWithAClearError() throws {
        let path = NSTemporaryDirectory() + "docket-wp-\(UUID().uuidString.prefix(6)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"model": {"type": "WordPiece", "vocab": {}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InferenceError.self) { _ = try ByteLevelBPETokenizer(file: path) }
    }
}
