import Foundation

/// Money as printed in either convention — `1,234.56`, `1.234,56`, `1 234,56`, `1'234.56`,
/// `1234` — with the currency symbol or ISO code beside it when there is one. The last
/// separator followed by one or two digits is the decimal mark; the others group thousands.
public enum AmountRecognizer {
    static let number = try! NSRegularExpression(
        pattern: #"(?<!\d)(?<!\d[.,])-?(?:\d{1,3}(?:[.,' \x{00A0}\x{202F}]\d{3})+|\d+)(?:[.,]\d{1,2})?(?![\d]|[.,]\d)"#)
    /// Abbreviations that are a currency only as a word of their own ("Rs 1939", "Rs."), beside
    /// a number or alone on the page.
    static let currencyWords: [String: String] = ["Rs": "INR", "Rs.": "INR"]
    static let symbols: [String: String] = ["€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF", "Fr.": "CHF"]
        .merging(prefixedDollars) { own, _ in own }
        .merging(currencyWords) { own, _ in own }
    /// Dollars of other countries write a prefix to "$" ("S$22,800" in Singapore); a bare "$"
    /// is taken for US dollars.
    static let prefixedDollars: [String: String] = ["US$": "USD", "S$": "SGD", "SG$": "SGD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
                                                    "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "R$": "BRL", "MX$": "MXN"]
    /// Longest first, so "HK$" is found before "$".
    static let symbolsByLength: [(symbol: String, code: String)] = symbols.map { ($0.key, $0.value) }
        .sorted { ($0.symbol.count, $0.symbol) > ($1.symbol.count, $1.symbol) }
    static let codes: Set<String> = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "CAD", "AUD", "INR", "CNY",
                                     "SGD", "HKD", "NZD", "BRL", "MXN", "ZAR"]
    /// The letters of a word that may be a price with its currency written into it ("EUR12.50",
    /// "kr12", "SFr.5"), upper-cased: the ISO codes and the abbreviations in letters. A word
    /// whose letters are none of these, around a number, is an identifier (DE886706783).
    static let currencyLetters: Set<String> = codes.union(["RS", "KR", "FR", "SFR", "RP", "DM", "ZL", "KČ", "LEI"])

    public static func find(in text: String) -> [Candidate] {
        let ns = text as NSString
        return number.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { match in
            let printed = ns.substring(with: match.range)
            // A percentage is a rate, not an amount.
            let after = ns.substring(from: match.range.location + match.range.length).drop { $0 == " " || $0 == "\u{00A0}" }
            if after.hasPrefix("%") { return nil }
            // "08155" or "060" is a postal code or a code, never an amount.
            if printed.count > 1, printed.first == "0", printed.dropFirst().first?.isNumber == true { return nil }
            guard let value = decimal(printed) else { return nil }
            return Candidate(kind: .amount, value: value, text: printed, range: match.range, currency: currency(around: match.range, in: ns))
        }
    }

    /// The plain decimal form of a printed amount, or nil when it is not one.
    public static func decimal(_ printed: String) -> String? {
        var text = printed.filter { !$0.isWhitespace && $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != "'" }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        var whole = text, fraction = ""
        if let mark = text.lastIndex(where: { $0 == "." || $0 == "," }), text.distance(from: mark, to: text.endIndex) <= 3 {
            whole = String(text[..<mark])
            fraction = String(text[text.index(after: mark)...])
        }
        whole = whole.filter(\.isNumber)
        guard !whole.isEmpty, fraction.allSatisfy(\.isNumber) else { return nil }
        let trimmedWhole = String(whole.drop { $0 == "0" })
        var value = (trimmedWhole.isEmpty ? "0" : trimmedWhole) + (fraction.isEmpty ? "" : "." + fraction)
        if value.contains(".") { while value.hasSuffix("0") { value.removeLast() }; if value.hasSuffix(".") { value.removeLast() } }
        return negative && value != "0" ? "-" + value : value
    }

    /// The currency a word names: an ISO code alone (`EUR`, `(USD)`) or a symbol in it (`€`, `$`).
    static func currencyCode(ofWord word: String) -> String? {
        let bare = word.trimmingCharacters(in: CharacterSet.letters.inverted)
        if bare.count == 3, codes.contains(bare), bare == bare.uppercased() { return bare }
        if let code = currencyWords[word] { return code }
        if let prefixed = prefixedDollars.first(where: { contains($0.key, in: word) }) { return prefixed.value }
        return symbols.first { $0.key.count == 1 && word.contains($0.key) }?.value
    }

    /// Whether `text` holds `symbol`; a symbol spelt with letters ("Rs", "CHF") must stand as
    /// its own word, so "Hours 12" is not in rupees.
    static func contains(_ symbol: String, in text: String) -> Bool {
        guard symbol.first?.isLetter == true else { return text.contains(symbol) }
        var searchStart = text.startIndex
        while let found = text.range(of: symbol, range: searchStart..<text.endIndex) {
            let letterBefore = found.lowerBound > text.startIndex && text[text.index(before: found.lowerBound)].isLetter
            let letterAfter = found.upperBound < text.endIndex && text[found.upperBound].isLetter
            if !letterBefore && !letterAfter { return true }
            searchStart = found.upperBound
        }
        return false
    }

    /// A currency within a few characters before or after the number. A symbol written against
    /// the next number ("2014 $4.11") is that number's, not a suffix of this one.
    static func currency(around range: NSRange, in text: NSString) -> String? {
        let before = text.substring(with: NSRange(location: max(0, range.location - 5), length: min(5, range.location)))
        let afterStart = range.location + range.length
        var after = Substring(text.substring(with: NSRange(location: afterStart, length: min(5, text.length - afterStart))))
        if let digit = after.firstIndex(where: \.isNumber), digit > after.startIndex,
           symbols.keys.contains(String(after[after.index(before: digit)])) {
            after = after[..<after.index(before: digit)]
        }
        for side in [before, String(after)] {
            for (symbol, code) in symbolsByLength where contains(symbol, in: side) { return code }
            for code in codes where side.uppercased().contains(code) { return code }
        }
        return nil
    }
}
