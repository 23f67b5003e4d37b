import DocketTestSupport
import Foundation
import Testing
@testable import Inference

/// The model's tokenizer against the shared reference: identical ids for every case.
@Suite struct WordPieceTests {
    static let modelFolder = Repository.root + "/models/all-MiniLM-L6-v2"

    struct Reference: Decodable {
        struct Case: Decodable { var text: String; var input_ids: [Int32]; var truncated: Bool }
        var max_len: Int
        var cases: [Case]
    }

    @Test func everyReferenceCaseHasIdenticalIDs() throws {
        let tokenizer = try WordPieceTokenizer(folder: Self.modelFolder)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.shared + "/fixtures/wordpiece_reference.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        #expect(reference.cases.count == 200)
        var mismatches: [String] = []
        for item in reference.cases {
            let encoding = tokenizer.encode(item.text, maxLength: reference.max_len)
            if encoding.ids != item.input_ids || encoding.truncated != item.truncated {
                mismatches.append("\(item.text.debugDescription.prefix(60)): got \(encoding.ids.prefix(16)) want \(item.input_ids.prefix(16))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    @Test func truncationKeepsTheSpecialTokens() throws {
        let tokenizer = try WordPieceTokenizer(folder: Self.modelFolder)
        let encoding = tokenizer.encode(String(repeating: "word ", count: 1000), maxLength: 256)
        #expect(encoding.ids.count == 256)
        #expect(encoding.ids.first == tokenizer.clsID && encoding.ids.last == tokenizer.sepID)
        #expect(encoding.truncated)
        #expect(encoding.untruncatedCount == 1002)
    }

    @Test func aMissingVocabularyIsAClearError() {
        #expect(throws: InferenceError.self) { try WordPieceTokenizer(folder: "/nonexistent/model") }
    }
}
