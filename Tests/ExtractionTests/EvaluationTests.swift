import Foundation
import Parsing
import Testing
@testable import Extraction

/// What `docket eval` counts: a field labelled null is one the document does not hold, so
/// extracting it is a false positive; a field left out of the labels is not counted at all.
@Suite struct EvaluationTests {
    func labels(_ lines: [String]) throws -> [LabelledDocument] {
        let folder = NSTemporaryDirectory() + "eval-labels-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try lines.joined(separator: "\n").write(toFile: folder + "/labels.jsonl", atomically: true, encoding: .utf8)
        return try LabelledDocument.read(folder + "/labels.jsonl", folder: folder)
    }

    func result(_ fields: [String: String]) -> DocumentResult {
        DocumentResult(docType: "invoice", confidence: 0.99, decidedBy: .head, status: .ok,
                       fields: fields.sorted { $0.key < $1.key }.map { ($0.key, ExtractedField(value: .string($0.value), confidence: 0.95, decidedBy: .head)) })
    }

    @Test func aFieldLabelledNullCountsAgainstPrecisionAndOneLeftOutDoesNot() throws {
        let label = try #require(try labels([
            #"{"file": "a.pdf", "doc_type": "invoice", "fields": {"invoice_number": "A-1", "purchase_order": null}}"#,
        ]).first)
        #expect(label.fields == ["invoice_number": "A-1"] && label.absent == ["purchase_order"])
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)

        var clean = Evaluation()
        clean.add(result(["invoice_number": "A-1", "due_date": "2026-01-01"]), label: label, schema: schema, layout: nil)
        #expect(clean.fields["invoice_number"]?.truePositives == 1)
        #expect(clean.fields["due_date"] == nil, "a field the label leaves out is not scored")
        #expect(clean.okPrecision == 1)

        var extra = Evaluation()
        extra.add(result(["invoice_number": "A-1", "purchase_order": "PO Box 16122"]), label: label, schema: schema, layout: nil)
        #expect(extra.fields["purchase_order"]?.falsePositives == 1 && extra.fields["purchase_order"]?.falseNegatives == 0)
        #expect(extra.okPrecision == 0.5, "the ok result holds one right and one wrong field")
    }

    /// A withheld field is not output: a miss for recall, nothing for precision, counted apart
    /// and with its confidence in the calibration.
    @Test func aWithheldFieldIsAMissCountedApart() throws {
        let label = try #require(try labels([
            #"{"file": "a.pdf", "doc_type": "invoice", "fields": {"invoice_number": "A-1", "customer_name": "Beta GmbH", "iban": "DE89370400440532013000"}}"#,
        ]).first)
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        var withheld = result(["invoice_number": "A-1"])
        withheld.withheld = [("customer_name", ExtractedField(value: .string("Beta GmbH"), confidence: 0.6, decidedBy: .head)),
                             ("iban", ExtractedField(value: .string("DE02120300000000202051"), confidence: 0.4, decidedBy: .head))]
        var evaluation = Evaluation()
        evaluation.add(withheld, label: label, schema: schema, layout: nil)
        #expect(evaluation.fields["customer_name"]?.falseNegatives == 1 && evaluation.fields["customer_name"]?.falsePositives == 0)
        #expect(evaluation.withheldTotal == 2 && evaluation.withheldCorrect == 1)
        #expect(evaluation.okPrecision == 1, "withheld fields are not among the ok result's fields")
        #expect(evaluation.fieldCalibration.bins.map(\.count).reduce(0, +) == 3)
    }
}
