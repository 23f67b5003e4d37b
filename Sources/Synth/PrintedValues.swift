import Foundation

/// How a language prints dates and money, so generated pages carry the formats real ones do.
enum PrintedValues {
    static let monthNames: [String: [String]] = [
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    ]

    /// `iso` (YYYY-MM-DD) as the language prints it; `style` picks one of its usual forms.
    static func date(_ iso: String, language: String, style: Int) -> String {
        let p = iso.split(separator: "-").map { Int($0)! }
        let (y, m, d) = (p[0], p[1], p[2])
        let month = monthNames[language]![m - 1]
        switch (language, style % 3) {
        case ("en", 0): return String(format: "%02d/%02d/%04d", m, d, y)
        case ("en", 1): return "\(month) \(d), \(y)"
        case ("de", 0): return String(format: "%02d.%02d.%04d", d, m, y)
        case ("de", 1): return "\(d). \(month) \(y)"
        case ("fr", 0): return String(format: "%02d/%02d/%04d", d, m, y)
        case ("fr", 1): return "\(d) \(month) \(y)"
        case ("nl", 0): return String(format: "%02d-%02d-%04d", d, m, y)
        case ("nl", 1): return "\(d) \(month) \(y)"
        default: return iso
        }
    }

    /// Cents as the language groups and marks decimals: 1,234.56 / 1.234,56 / 1 234,56.
    static func amount(_ cents: Int, language: String) -> String {
        let whole = String(abs(cents) / 100), fraction = String(format: "%02d", abs(cents) % 100)
        let (group, mark): (String, String) = language == "en" ? (",", ".") : language == "fr" ? ("\u{202F}", ",") : (".", ",")
        var grouped = ""
        for (index, char) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(contentsOf: group.reversed()) }
            grouped.append(char)
        }
        return (cents < 0 ? "-" : "") + String(grouped.reversed()) + mark + fraction
    }

    /// Money with its currency, as a symbol before or a code after.
    static func money(_ cents: Int, currency: String, language: String, symbolFirst: Bool) -> String {
        let symbols = ["EUR": "€", "USD": "$", "GBP": "£"]
        let number = amount(cents, language: language)
        if symbolFirst, let symbol = symbols[currency] { return "\(symbol) \(number)" }
        return "\(number) \(currency)"
    }
}
