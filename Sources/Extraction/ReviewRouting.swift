import Foundation
import Parsing

/// The last step for every result: normalize values, drop what the schema refuses, and decide
/// `ok` or `needs_review` with reasons. Pure, so every rule is tested without models or files.
public enum ReviewRouting {
    public static func finish(_ input: DocumentResult, pipeline: Pipeline) -> DocumentResult {
        var result = input
        guard let settings = pipeline.settings(result.docType) else {
            result.reasons.append("type_not_in_pipeline")
            result.status = .needsReview
            return result
        }
        let schema = settings.schema
        var kept: [(String, ExtractedField)] = [], withheld: [(String, ExtractedField)] = []
        for (name, field) in result.fields {
            guard let rule = schema.rule(name) else { continue }
            var field = field
            field.value = FieldNormalizer.normalize(field.value, name: name, rule: rule)
            if field.value == .null { continue }
            let problems = ResultSchema.problems(field.value, rule)
            if !problems.isEmpty {
                result.reasons.append("invalid_field:\(name)")
                continue
            }
            if field.confidence < settings.reviewThreshold {
                // An optional field the model is unsure of need not hold up the fields it is sure
                // of: it is kept apart, and the required fields decide the status.
                if pipeline.uncertainOptionalFields == .withhold && !schema.required.contains(name) {
                    withheld.append((name, field))
                    continue
                }
                result.reasons.append("low_field_confidence:\(name)")
            }
            kept.append((name, field))
        }
        // One of a group is needed: when none is sure, the unsure ones are kept as a required
        // field would be, and send the result to review; when none was read, the group is missing.
        for group in schema.requiredOneOf where !kept.contains(where: { group.contains($0.0) }) {
            let unsure = withheld.filter { group.contains($0.0) }
            withheld.removeAll { group.contains($0.0) }
            kept += unsure
            result.reasons += unsure.isEmpty ? ["missing_one_of:" + group.joined(separator: ",")]
                                             : unsure.map { "low_field_confidence:\($0.0)" }
        }
        // Schema order, so output and storage read the same for every document of a type.
        result.fields = schema.fields.compactMap { rule in kept.first { $0.0 == rule.name } }
        result.withheld = schema.fields.compactMap { rule in withheld.first { $0.0 == rule.name } }
        for name in schema.required where result[field: name] == nil {
            result.reasons.append("missing_field:\(name)")
        }
        if result.confidence < settings.reviewThreshold && result.decidedBy != .none {
            result.reasons.append("low_type_confidence")
        }
        result.status = result.reasons.isEmpty ? .ok : .needsReview
        return result
    }
}
