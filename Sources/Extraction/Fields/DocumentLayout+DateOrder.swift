import Foundation

/// A numeric date such as 02/03/2026 reads two ways, and the recognizer gives both readings.
/// The document itself usually settles it: a date that reads one way only (31/01/2026 can only
/// be day-first) shows how this issuer writes dates. Without that, both readings share the
/// head's score and neither comes out confident.
extension DocumentLayout {
    enum DateOrder: Equatable { case dayFirst, monthFirst }

    /// The order the document's one-way numeric dates follow, when they all agree.
    static func dateOrder(of candidates: [FieldCandidate]) -> DateOrder? {
        var dayFirst = 0, monthFirst = 0
        for c in candidates where c.kind == .date && !c.ambiguous {
            guard let (first, second) = numericParts(c.text) else { continue }
            if first > 12 && second <= 12 { dayFirst += 1 } else if second > 12 && first <= 12 { monthFirst += 1 }
        }
        if dayFirst > 0 && monthFirst == 0 { return .dayFirst }
        if monthFirst > 0 && dayFirst == 0 { return .monthFirst }
        return nil
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
