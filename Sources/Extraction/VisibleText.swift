import Foundation

/// The values a page visibly shows, in comparable form: every amount (either decimal
/// convention), every date (numeric, ISO and written in English, German or French) and the
/// text folded for comparing names and identifiers. Used to check a PDF's embedded e-invoice
/// against what a person sees, because real files exist whose XML describes another invoice.
public struct VisibleText: Sendable {
    public let folded: String
    public let compact: String
    public let amounts: Set<Decimal>
    public let dates: Set<String>

    public init(_ text: String) {
        folded = Self.fold(text)
        compact = folded.filter { !$0.isWhitespace }
        amounts = Self.amounts(in: text)
        dates = Self.dates(in: text)
    }

    /// Lower case, no diacritics, runs of white space as one space.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    public func showsText(_ value: String) -> Bool {
        let wanted = Self.fold(value)
        return !wanted.isEmpty && (folded.contains(wanted) || compact.contains(wanted.filter { !$0.isWhitespace }))
    }

    public func showsAmount(_ value: String) -> Bool {
        guard let amount = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) else { return false }
        return amounts.contains(amount) || amounts.contains(-amount)
    }

    static let amountPattern = try! NSRegularExpression(pattern: #"(?<!\d)\d{1,3}(?:[.,' \x{00A0}]\d{3})*(?:[.,]\d{1,2})?(?![\d])|(?<!\d)\d+(?:[.,]\d{1,2})?(?![\d])"#)

    static func amounts(in text: String) -> Set<Decimal> {
        var found = Set<Decimal>()
        let range = NSRange(text.startIndex..., in: text)
        for match in amountPattern.matches(in: text, range: range) {
            guard let r = Range(match.range, in: text) else { continue }
            let token = String(text[r])
            var digits = token
            // The last separator followed by one or two digits is the decimal mark; the others group thousands.
            if let last = token.lastIndex(where: { $0 == "." || $0 == "," }), token.distance(from: last, to: token.endIndex) <= 3 {
                let whole = token[..<last].filter(\.isNumber)
                digits = whole + "." + token[token.index(after: last)...]
            } else {
                digits = token.filter(\.isNumber)
            }
            if let value = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) { found.insert(value) }
        }
        return found
    }

    static let monthNames: [String: Int] = {
        let names = [
            ["january", "jan", "januar", "janvier", "janv"], ["february", "feb", "februar", "fevrier", "fevr"],
            ["march", "mar", "marz", "maerz", "mars"], ["april", "apr", "avril", "avr"], ["may", "mai"],
            ["june", "jun", "juni", "juin"], ["july", "jul", "juli", "juillet", "juil"], ["august", "aug", "aout"],
            ["september", "sep", "sept", "septembre"], ["october", "oct", "oktober", "okt", "octobre"],
            ["november", "nov", "novembre"], ["december", "dec", "dezember", "dez", "decembre"],
        ]
        var table: [String: Int] = [:]
        for (index, list) in names.enumerated() { for name in list { table[name] = index + 1 } }
        return table
    }()

    static let numericDate = try! NSRegularExpression(pattern: #"(?<!\d)(\d{1,4})[./-](\d{1,2})[./-](\d{2,4})(?!\d)"#)
    static let writtenDate = try! NSRegularExpression(pattern: #"(?:(\d{1,2})\.?\s+([a-z]{3,9})\.?,?\s+(\d{4}))|(?:([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}))"#)

    static func dates(in text: String) -> Set<String> {
        var found = Set<String>()
        func add(_ y: Int, _ m: Int, _ d: Int) {
            let year = y < 100 ? 2000 + y : y
            let iso = String(format: "%04d-%02d-%02d", year, m, d)
            if ResultSchema.isISODate(iso) { found.insert(iso) }
        }
        let range = NSRange(text.startIndex..., in: text)
        for match in numericDate.matches(in: text, range: range) {
            let parts = (1...3).compactMap { Range(match.range(at: $0), in: text).flatMap { Int(text[$0]) } }
            guard parts.count == 3 else { continue }
            if Range(match.range(at: 1), in: text).map({ text[$0].count }) == 4 {
                add(parts[0], parts[1], parts[2])         // ISO
            } else {
                add(parts[2], parts[1], parts[0])         // day first (Europe)
                add(parts[2], parts[0], parts[1])         // month first (US)
            }
        }
        let folded = fold(text)
        let foldedRange = NSRange(folded.startIndex..., in: folded)
        for match in writtenDate.matches(in: folded, range: foldedRange) {
            func group(_ i: Int) -> String? { Range(match.range(at: i), in: folded).map { String(folded[$0]) } }
            if let day = group(1).flatMap(Int.init), let month = group(2).flatMap({ monthNames[$0] }), let year = group(3).flatMap(Int.init) {
                add(year, month, day)
            } else if let month = group(4).flatMap({ monthNames[$0] }), let day = group(5).flatMap(Int.init), let year = group(6).flatMap(Int.init) {
                add(year, month, day)
            }
        }
        return found
    }
}
