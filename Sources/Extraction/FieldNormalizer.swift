import Foundation
import Parsing

/// Puts values in the form the schemas promise: ISO 4217 currency in capitals, IBANs without
/// spaces, gender as male|female|other|unknown, TINs/SSNs masked to their last four digits, and
/// numbers without the full stop of the sentence they end.
/// Masking happens here, before a value reaches any output, table or log.
public enum FieldNormalizer {
    public static func normalize(_ value: JSONValue, name: String, rule: ResultSchema.FieldRule?) -> JSONValue {
        guard case .string(let raw) = value else { return value }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if rule?.maskedAsTIN == true { return .string(maskTIN(text)) }
        if name == "currency" { return .string(text.uppercased()) }
        if name.hasSuffix("iban") { return .string(text.replacingOccurrences(of: " ", with: "").uppercased()) }
        if name == "gender" { return .string(gender(text)) }
        if rule?.shape == .identifier || rule?.shape == .taxID { return .string(withoutClosingStop(text)) }
        return .string(text)
    }

    /// A number at the end of a sentence keeps its digits, not the full stop: "see Form 1065."
    /// gives 1065. Letters before the stop stay as printed ("No.", "Inc.").
    static func withoutClosingStop(_ text: String) -> String {
        guard text.count > 1, text.last == ".", text.dropLast().last?.isNumber == true else { return text }
        return String(text.dropLast())
    }

    /// `123-45-6789` → `***-**-6789`; any other shape keeps only its last four digits visible.
    public static func maskTIN(_ text: String) -> String {
        let digits = text.filter(\.isNumber)
        guard digits.count >= 4 else { return String(repeating: "*", count: max(text.count, 4)) }
        let last4 = String(digits.suffix(4))
        if digits.count == 9 { return "***-**-\(last4)" }
        return String(repeating: "*", count: digits.count - 4) + last4
    }

    public static func gender(_ text: String) -> String {
        switch text.lowercased() {
        case "m", "male", "man": return "male"
        case "f", "female", "woman": return "female"
        case "o", "other", "un", "undifferentiated": return "other"
        default: return "unknown"
        }
    }
}
