import Foundation
import Parsing

/// Who decided a type or a field value.
public enum DecisionSource: String, Codable, Sendable {
    /// Read from a recognized standard (C-CDA, FHIR, ISO 20022, UBL, CII, XBRL): exact.
    case structure
    /// A head trained with `docket train`.
    case head
    /// Similarity between the document and each type's description, when no head exists.
    case zeroShot = "zero_shot"
    /// Nothing could decide (a PDF without a text layer).
    case none
}

public enum ResultStatus: String, Codable, Sendable {
    case ok
    case needsReview = "needs_review"
}

/// One field's value and where it came from.
public struct ExtractedField: Equatable, Sendable {
    public var value: JSONValue
    public var confidence: Double
    public var page: Int?
    /// x0, y0, x1, y1 in points, origin top-left.
    public var bbox: [Double]?
    public var sourceText: String?
    public var decidedBy: DecisionSource

    public init(value: JSONValue, confidence: Double, page: Int? = nil, bbox: [Double]? = nil,
                sourceText: String? = nil, decidedBy: DecisionSource) {
        (self.value, self.confidence, self.page, self.bbox) = (value, confidence, page, bbox)
        (self.sourceText, self.decidedBy) = (sourceText, decidedBy)
    }
}

/// A value a field head considered, for `docket extract --explain`: what it read, the head's
/// score before the joint decisions, and the label it saw.
public struct ConsideredValue: Equatable, Sendable {
    public var value: String
    public var score: Double
    public var label: String
    public var page: Int
    public var bbox: [Double]
}

/// A model that took part in a result, for the audit trail.
public struct ModelIdentity: Equatable, Sendable, Codable {
    public var id: String
    public var sha256: String
    public init(id: String, sha256: String) { (self.id, self.sha256) = (id, sha256) }
}

/// The one result object: what `docket extract`, `classify` and `process` print and what the
/// worker stores in `docket.results`. A document holding several items (statements, payments)
/// gives one result per item.
public struct DocumentResult: Equatable, Sendable {
    public var file: String?
    public var itemIndex: Int
    public var docType: String
    public var confidence: Double
    public var runnerUp: String?
    public var runnerUpConfidence: Double?
    public var decidedBy: DecisionSource
    public var status: ResultStatus
    public var reasons: [String]
    /// In schema order.
    public var fields: [(String, ExtractedField)]
    /// Optional fields read below the review threshold, kept out of `fields` (and so out of the
    /// typed views) when the pipeline withholds them instead of sending the result to review.
    /// In schema order.
    public var withheld: [(String, ExtractedField)] = []
    /// Milliseconds per stage (parse, classify, extract).
    public var timings: [(String, Double)]
    public var models: [ModelIdentity]
    /// Per schema field, the best values its head considered (filled on request only; printed,
    /// never stored).
    public var considered: [(String, [ConsideredValue])] = []

    public init(file: String? = nil, itemIndex: Int = 0, docType: String, confidence: Double, runnerUp: String? = nil,
                runnerUpConfidence: Double? = nil, decidedBy: DecisionSource, status: ResultStatus = .ok, reasons: [String] = [],
                fields: [(String, ExtractedField)] = [], timings: [(String, Double)] = [], models: [ModelIdentity] = []) {
        (self.file, self.itemIndex, self.docType, self.confidence) = (file, itemIndex, docType, confidence)
        (self.runnerUp, self.runnerUpConfidence, self.decidedBy) = (runnerUp, runnerUpConfidence, decidedBy)
        (self.status, self.reasons, self.fields, self.timings, self.models) = (status, reasons, fields, timings, models)
    }

    public static func == (a: DocumentResult, b: DocumentResult) -> Bool {
        a.file == b.file && a.itemIndex == b.itemIndex && a.docType == b.docType && a.confidence == b.confidence
            && a.runnerUp == b.runnerUp && a.decidedBy == b.decidedBy && a.status == b.status && a.reasons == b.reasons
            && a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            && a.withheld.count == b.withheld.count && zip(a.withheld, b.withheld).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public subscript(field name: String) -> ExtractedField? { fields.first { $0.0 == name }?.1 }

    /// The fields as one JSON object of plain values, as stored in `docket.results.fields`.
    public var fieldValues: JSONValue { .object(fields.map { ($0.0, $0.1.value) }) }

    /// The printed form (`--json`): keys as the README documents them.
    public func json(includeFields: Bool = true) -> JSONValue {
        func number(_ x: Double) -> JSONValue { .number(String(format: "%.4g", x)) }
        func box(_ bbox: [Double]) -> JSONValue { .array(bbox.map { .number(String(format: "%.1f", $0)) }) }
        var pairs: [(String, JSONValue?)] = [
            ("file", file.map(JSONValue.string)),
            ("item_index", .number(String(itemIndex))),
            ("doc_type", .string(docType)),
            ("confidence", number(confidence)),
            ("runner_up", runnerUp.map(JSONValue.string) ?? .null),
            ("status", .string(status.rawValue)),
            ("reasons", .array(reasons.map(JSONValue.string))),
            ("decided_by", .string(decidedBy.rawValue)),
        ]
        if includeFields {
            func printed(_ fields: [(String, ExtractedField)]) -> JSONValue {
                .object(fields.map { name, field in
                    (name, JSONValue.object([
                        ("value", field.value),
                        ("confidence", number(field.confidence)),
                        ("page", field.page.map { .number(String($0)) } ?? .null),
                        ("bbox", field.bbox.map(box) ?? .null),
                        ("source_text", field.sourceText.map(JSONValue.string) ?? .null),
                        ("decided_by", .string(field.decidedBy.rawValue)),
                    ]))
                })
            }
            pairs.append(("fields", printed(fields)))
            pairs.append(("withheld", printed(withheld)))
        }
        if !considered.isEmpty {
            pairs.append(("considered", .object(considered.map { name, values in
                (name, JSONValue.array(values.map { v in
                    .object([("value", .string(v.value)), ("score", number(v.score)), ("label", .string(v.label)),
                             ("page", .number(String(v.page))), ("bbox", box(v.bbox))])
                }))
            })))
        }
        return .object(pairs)
    }
}
