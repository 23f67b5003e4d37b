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

    /// A decimal amount as an exact JSON number; nil when the text is not a plain decimal
    /// (`[+-]digits[.digits]`). Checked byte by byte: the recognizers call this for every
    /// amount of every entry, and a regular expression per call was a visible share of the
    /// XML path.
    static func amount(_ text: String?) -> JSONValue? {
        guard let text = trimmed(text) else { return nil }
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let whole = bytes.prefix { isDigit($0) }
        guard !whole.isEmpty else { return nil }
        let rest = bytes.dropFirst(whole.count)
        if !rest.isEmpty {
            guard rest.first == UInt8(ascii: "."), rest.count > 1, rest.dropFirst().allSatisfy(isDigit) else { return nil }
        }
        return .number(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func integer(_ text: String?) -> JSONValue? {
        guard let text = trimmed(text), let value = Int(text) else { return nil }
        return .number(String(value))
    }

    /// `YYYY-MM-DD` from ISO dates and date-times, HL7 timestamps (`20130130080051-0500`) and
    /// UN/CEFACT format 102 (`20170101`).
    static func date(_ text: String?) -> JSONValue? {
        guard let text = trimmed(text) else { return nil }
        let b = Array(text.utf8.prefix(10))
        guard b.count >= 8 else { return nil }
        let digitsAt = { (range: Range<Int>) in range.allSatisfy { isDigit(b[$0]) } }
        let parts: (Int, Int, Int)
        if b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), digitsAt(0..<4), digitsAt(5..<7), digitsAt(8..<10) {
            parts = (number(b[0..<4]), number(b[5..<7]), number(b[8..<10]))
        } else if digitsAt(0..<8) {
            parts = (number(b[0..<4]), number(b[4..<6]), number(b[6..<8]))
        } else {
            return nil
        }
        guard isDate(year: parts.0, month: parts.1, day: parts.2) else { return nil }
        func padded(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return .string("\(padded(parts.0, 4))-\(padded(parts.1, 2))-\(padded(parts.2, 2))")
    }

    /// A real day of the Gregorian calendar.
    static func isDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The text without surrounding spaces and tabs; nil when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else { return nil }
        return String(text[first...last])
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// Sums plain decimal strings (`[-]digits[.digits]`) exactly; text that is not a plain
    /// decimal is skipped. Decimal is parsed without a Locale: building one per value cost a
    /// stat of the locale files each time.
    static func sum(_ values: [String]) -> String {
        values.compactMap { trimmed($0).flatMap { amount($0) != nil ? Decimal(string: $0) : nil } }.reduce(Decimal(0), +).description
    }
}
