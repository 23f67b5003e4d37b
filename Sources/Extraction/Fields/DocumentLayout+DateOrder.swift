import Foundation

/// A numeric date such as 02/03/2026 reads two ways, and the recognizer gives both readings.
/// The document itself usually settles it: a date that reads one way only (31/01/2026 can only
/// be day-first), or failing that a date written with its month's name, shows how this issuer
/// writes dates. Without that, both readings share the
/// head's score and neither comes out confident.
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
        guard let order = Self.dateOrder(of: candidates) else { return }
        candidates.removeAll { c in
            guard c.kind == .date, c.ambiguous, let (first, second) = Self.numericParts(c.text), first != second else { return false }
            let month = c.value.split(separator: "-").dropFirst().first.flatMap { Int($0) }
            return order == .dayFirst ? month == first : month == second
        }
    }
}
