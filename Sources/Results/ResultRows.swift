import Extraction
import Foundation
import Parsing

/// The rows one job's results become, as the single JSON document `ResultWriter` binds:
/// one entry per result with its field rows, each value in text and, where the schema types
/// it, as a number or date. Pure, so the typing rules are tested without a database.
public enum ResultRows {
    public static func payload(_ results: [DocumentResult], pipeline: Pipeline) -> JSONValue {
        .array(results.map { result in
            let schema = pipeline.settings(result.docType)?.schema
            return .object([
                ("item_index", .number(String(result.itemIndex))),
                ("doc_type", .string(result.docType)),
                ("type_confidence", number(result.confidence)),
                ("runner_up", result.runnerUp.map(JSONValue.string)),
                ("runner_up_confidence", result.runnerUpConfidence.map(number)),
                ("decided_by", .string(result.decidedBy.rawValue)),
                ("fields", result.fieldValues),
                ("status", .string(result.status.rawValue)),
                ("reasons", .array(result.reasons.map(JSONValue.string))),
                ("models", .array(result.models.map { .object([("id", .string($0.id)), ("sha256", .string($0.sha256))]) })),
                ("timings", .object(result.timings.map { ($0.0, number($0.1)) })),
                ("field_rows", .array(result.fields.map { name, field in row(name, field, kind: schema?.rule(name)?.kind) })),
                ("withheld", .object(result.withheld.map { name, field in (name, withheldEntry(field)) })),
            ])
        })
    }

    static func row(_ name: String, _ field: ExtractedField, kind: ResultSchema.Kind?) -> JSONValue {
        var text: String?
        switch field.value {
        case .string(let s), .number(let s): text = s
        case .null: text = nil
        default: text = encode(field.value)
        }
        var numberValue: JSONValue?, dateValue: JSONValue?
        switch kind {
        case .number?, .integer?: if case .number(let n) = field.value { numberValue = .number(n) }
        case .date?: if case .string(let s) = field.value, ResultSchema.isISODate(s) { dateValue = .string(s) }
        default: break
        }
        return .object([
            ("name", .string(name)),
            ("value_text", text.map(JSONValue.string)),
            ("value_number", numberValue),
            ("value_date", dateValue),
            ("confidence", number(min(1, max(0, field.confidence)))),
            ("page", field.page.map { .number(String($0)) }),
            ("bbox", field.bbox.map { .array($0.map(number)) }),
            ("source_text", field.sourceText.map(JSONValue.string)),
            ("decided_by", .string(field.decidedBy.rawValue)),
        ])
    }

    /// A withheld field as `docket.results.withheld` keeps it: the value as read, not typed.
    static func withheldEntry(_ field: ExtractedField) -> JSONValue {
        .object([
            ("value", field.value),
            ("confidence", number(min(1, max(0, field.confidence)))),
            ("page", field.page.map { .number(String($0)) }),
            ("bbox", field.bbox.map { .array($0.map(number)) }),
            ("source_text", field.sourceText.map(JSONValue.string)),
            ("decided_by", .string(field.decidedBy.rawValue)),
        ])
    }

    static func number(_ x: Double) -> JSONValue { .number(x.isFinite ? String(x) : "0") }

    public static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
