import Foundation
import Parsing

/// Puts values in the form the schemas promise: ISO 4217 currency in capitals, IBANs without
/// spaces, gender as male|female|other|unknown, and TINs/SSNs masked to their last four digits.
/// Masking happens here, before a value reaches any output, table or log.
public enum FieldNormalizer {
    public static func normalize(_ value: JSONValue, name: String, rule: ResultSchema.FieldRule?) -> JSONValue {
        guard case .string(let raw) = value else { return value }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if rule?.maskedAsTIN == true { return .string(maskTIN(text)) }
        if name == "currency" { return .string(text.uppercased()) }
        if name.hasSuffix("iban") { return .string(text.replacingOccurrences(of: " ", with: "").uppercased()) }
        if name == "gender" { return .string(gender(text)) }
        return .string(text)
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
