import Foundation

/// A numeric date such as 02/03/2026 reads two ways, and the recognizer gives both readings.
/// The document itself usually settles it: a date that reads one way only (31/01/2026 can only
/// be day-first), or failing that a date written with its month's name, shows how this issuer
/// writes dates; failing both, its language and currency. Without any of these, both readings
/// share the head's score and neither comes out confident.
extension DocumentLayout {
    enum DateOrder: Equatable { case dayFirst, monthFirst }

    /// The order the document's one-way numeric dates follow, when they all agree; without
    /// any, the order its written dates put day and month in ("4 juillet 2002", "27 April 1993"
    /// day first; "April 27, 1993" month first), when they all agree.
    static func dateOrder(of candidates: [FieldCandidate]) -> DateOrder? {
        var numeric: [DateOrder] = [], written: [DateOrder] = []
        for c in candidates where c.kind == .date && !c.ambiguous {
            if let (first, second) = numericParts(c.text) {
                if first > 12 && second <= 12 { numeric.append(.dayFirst) } else if second > 12 && first <= 12 { numeric.append(.monthFirst) }
            } else if let order = writtenOrder(c.text) {
                written.append(order)
            }
        }
        for orders in [numeric, written] where !orders.isEmpty {
            return Set(orders).count == 1 ? orders[0] : nil
        }
        return nil
    }

    /// The order the document's language and money imply, when its dates show none: German,
    /// French, Dutch, Spanish and Italian write the day first, and so does every country that
    /// prints euros, pounds, Swiss francs or rupees; a dollar amount beside a US state and ZIP code is month
    /// first. English alone says nothing (the UK writes day first, the US month first).
    static func localeOrder(of lines: [PageLine]) -> DateOrder? {
        var dayFirst = false, dollars = false, usAddress = false
        var words = Set<String>()
        for line in lines {
            let text = line.text
            if text.contains("€") || text.contains("£") || text.contains("₹")
                || text.range(of: #"\b(EUR|GBP|INR|CHF)\b"#, options: .regularExpression) != nil { dayFirst = true }
            if text.contains("$") { dollars = true }
            if text.range(of: #"\b[A-Z]{2}\s+\d{5}(-\d{4})?\b"#, options: .regularExpression) != nil { usAddress = true }
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where continentalWords.contains(String(word)) {
                words.insert(String(word))
            }
        }
        // Three different words, so a name ("de Lattre") or a quoted phrase does not decide.
        if words.count >= 3 { dayFirst = true }
        let monthFirst = dollars && usAddress
        guard dayFirst != monthFirst else { return nil }
        return dayFirst ? .dayFirst : .monthFirst
    }

    /// Small words of the languages that write the day first, and never English words.
    static let continentalWords: Set<String> = [
        "der", "die", "das", "und", "mit", "für", "bitte", "datum", "rechnung", "betrag", "ihre", "wir", "nicht",
        "le", "la", "les", "du", "des", "et", "pour", "avec", "nous", "vous", "facture", "montant", "sur",
        "het", "een", "van", "voor", "wij", "uw", "factuur", "bedrag", "niet", "met",
        "el", "los", "las", "del", "con", "para", "factura", "importe", "il", "della", "fattura", "importo",
    ]

    /// Whether a date written with its month's name puts the day before the month: "4 juillet
    /// 2002", "17. März 2026" day first, "April 27, 1993" month first; nil without a name.
    static func writtenOrder(_ text: String) -> DateOrder? {
        let tokens = text.split(whereSeparator: { $0.isWhitespace || ".,".contains($0) })
        guard let month = tokens.firstIndex(where: { $0.count >= 3 && $0.allSatisfy(\.isLetter) }),
              let day = tokens.firstIndex(where: { (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return day < month ? .dayFirst : .monthFirst
    }

    /// The first two numbers of a numeric date with a one- or two-digit first part
    /// ("02/03/2026", "31.01.26"); nil for ISO and written dates.
    static func numericParts(_ text: String) -> (Int, Int)? {
        let parts = text.split(whereSeparator: { "./-".contains($0) })
        guard parts.count == 3, parts[0].count <= 2, let first = Int(parts[0]), let second = Int(parts[1]) else { return nil }
        return (first, second)
    }

    /// Drops the reading of each two-way date that the document's own order contradicts. The
    /// reading kept stays flagged `ambiguous`, as the heads were trained to see it.
    mutating func settleAmbiguousDates() {
        guard let order = Self.dateOrder(of: candidates) ?? Self.localeOrder(of: lines) else { return }
        candidates.removeAll { c in
            guard c.kind == .date, c.ambiguous, let (first, second) = Self.numericParts(c.text), first != second else { return false }
            let month = c.value.split(separator: "-").dropFirst().first.flatMap { Int($0) }
            return order == .dayFirst ? month == first : month == second
        }
    }
}
