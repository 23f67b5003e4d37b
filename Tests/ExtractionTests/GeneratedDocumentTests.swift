import Foundation
import Parsing
import Synth
import Testing
@testable import Extraction

/// Generated training and held-out PDFs print every labelled value where a candidate finds it:
/// a label naming a value no candidate holds teaches the heads nothing and costs recall in
/// every evaluation.
@Suite struct GeneratedDocumentTests {
    static func found(_ wanted: String, in layout: DocumentLayout) -> Bool {
        layout.candidates.contains { c in
            FieldRouting.matches(c.value, wanted, kind: .string) || FieldRouting.matches(c.value, wanted, kind: .number)
        }
    }

    @Test(arguments: [false, true]) func labelledValuesAreCandidates(heldOut: Bool) throws {
        let folder = NSTemporaryDirectory() + "docket-generated-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var missing: [String] = []
        var total = 0
        // Two documents of every type, one from each producer (cairo, the plain writer).
        for index in 0..<(2 * FormSamples.types.count) {
            let label = try FormSamples.write(index, seed: 4, heldOut: heldOut, to: folder)
            let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + label.file)), fileName: label.file)
            let layout = DocumentLayout(document)
            // The currency is never printed as a value of its own.
            for (field, value) in label.fields.sorted(by: { $0.key < $1.key }) where field != "currency" {
                total += 1
                if !Self.found(value, in: layout) { missing.append("\(label.file): \(field) \(value)") }
            }
        }
        #expect(total > 100)
        #expect(missing.count * 50 <= total, "at most 2% missing; missing: \(missing)")
    }
}
