import Foundation

/// Lifts the facts an XML standard already carries. Each recognizer looks at the root element
/// (name and namespace) and returns nil when the document is not its standard.
///
/// The result is `{name, message, …facts}` with `name` one of `hl7-cda`, `fhir`, `iso20022`,
/// `ubl`, `cii`, `xbrl`, `generic` and `message` the exact kind (`camt.053.001.02`, `Bundle`,
/// `Invoice`, the C-CDA document type …).
public enum StandardRecognizer {
    static let recognizers: [(XMLElement) -> JSONValue?] = [
        ISO20022.recognize, UBL.recognize, CII.recognize, CDA.recognize, FHIR.recognize, XBRL.recognize,
    ]

    public static func recognize(_ root: XMLElement) -> JSONValue {
        for recognizer in recognizers {
            if let standard = recognizer(root) { return standard }
        }
        return .object([
            ("name", .string("generic")),
            ("message", .string(root.name)),
            ("root", .string(root.name)),
            ("namespace", root.namespace.map(JSONValue.string)),
            ("namespaces", .object(root.namespaceDeclarations.map { ($0.0.isEmpty ? "(default)" : $0.0, JSONValue.string($0.1)) })),
        ])
    }
}

/// Value helpers shared by the recognizers.
enum Lift {
    static func string(_ element: XMLElement?) -> JSONValue? { element?.text.map(JSONValue.string) }
    static func string(_ text: String?) -> JSONValue? { text.map(JSONValue.string) }

    /// A decimal amount as an exact JSON number; nil when the text is not a plain decimal.
    static func amount(_ text: String?) -> JSONValue? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let valid = text.range(of: #"^[+-]?\d+(\.\d+)?$"#, options: .regularExpression) != nil
        return valid ? .number(text.hasPrefix("+") ? String(text.dropFirst()) : text) : nil
    }

    static func integer(_ text: String?) -> JSONValue? {
        guard let text, let value = Int(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return .number(String(value))
    }

    /// `YYYY-MM-DD` from ISO dates and date-times, HL7 timestamps (`20130130080051-0500`) and
    /// UN/CEFACT format 102 (`20170101`).
    static func date(_ text: String?) -> JSONValue? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.count >= 8 else { return nil }
        let chars = Array(text)
        if chars.count >= 10, chars[4] == "-", chars[7] == "-" {
            let candidate = String(chars[0..<10])
            return isDate(candidate) ? .string(candidate) : nil
        }
        if chars[0..<8].allSatisfy(\.isNumber) {
            let candidate = "\(String(chars[0..<4]))-\(String(chars[4..<6]))-\(String(chars[6..<8]))"
            return isDate(candidate) ? .string(candidate) : nil
        }
        return nil
    }

    static func isDate(_ iso: String) -> Bool {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return false }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        return Calendar(identifier: .gregorian).date(from: components).map {
            Calendar(identifier: .gregorian).component(.day, from: $0) == parts[2]
        } ?? false
    }

    /// Sums decimal strings exactly.
    static func sum(_ values: [String]) -> String {
        values.compactMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
            .reduce(Decimal(0), +).description
    }
}
