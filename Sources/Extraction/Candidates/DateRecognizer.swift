import Foundation

/// Dates as documents print them: ISO, numeric day-first and month-first (`17.02.2026`,
/// `02/17/2026`, two-digit years), and written months in English, German, French, Dutch and
/// Spanish (`February 17, 2026`, `August 3 , 2014`, `17. Februar 2026`, `17 févr. 2026`, `28 Jan 15`).
/// A numeric date that reads as two different real dates gives both, flagged ambiguous, for
/// the document's locale (or lower confidence) to settle; dotted numeric dates are read
/// day-first only.
public enum DateRecognizer {
    static let months: [String: Int] = {
        let names = [
            ["january", "jan", "januar", "janvier", "janv", "januari", "enero", "ene", "jänner"],
            ["february", "feb", "februar", "fevrier", "fevr", "februari", "febrero"],
            ["march", "mar", "marz", "maerz", "mars", "maart", "mrt", "marzo"],
            ["april", "apr", "avril", "avr", "abril", "abr"],
            ["may", "mai", "mei", "mayo"],
            ["june", "jun", "juni", "juin", "junio"],
            ["july", "jul", "juli", "juillet", "juil", "julio"],
            ["august", "aug", "aout", "augustus", "agosto", "ago"],
            ["september", "sep", "sept", "septembre", "septiembre"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre"],
            ["november", "nov", "novembre", "noviembre"],
            ["december", "dec", "dezember", "dez", "decembre", "diciembre", "dic"],
        ]
        var table: [String: Int] = [:]
        for (index, list) in names.enumerated() { for name in list { table[name] = index + 1 } }
        return table
    }()

    static let numeric = try! NSRegularExpression(pattern: #"(?<![\d./-])(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?![\d]|[./-]\d)"#)
    static let written = try! NSRegularExpression(
        pattern: #"(?<![\p{L}\d])(?:(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4}|\d{2})|(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4}))(?!\d)"#,
        options: [.caseInsensitive])

    public static func find(in text: String) -> [Candidate] {
        var found: [Candidate] = []
        let ns = text as NSString
        let all = NSRange(location: 0, length: ns.length)
        for match in numeric.matches(in: text, range: all) {
            let parts = [1, 3, 4].map { Int(ns.substring(with: match.range(at: $0))) ?? -1 }
            let printed = ns.substring(with: match.range)
            if match.range(at: 1).length == 4 {
                if let iso = iso(parts[0], parts[1], parts[2]) { found.append(Candidate(kind: .date, value: iso, text: printed, range: match.range)) }
                continue
            }
            guard match.range(at: 4).length != 3 else { continue }
            let dayFirst = iso(parts[2], parts[1], parts[0]), monthFirst = iso(parts[2], parts[0], parts[1])
            // Dots mean day first (17.02.2026, 01.11.2024): the month-first convention writes slashes.
            let dotted = ns.substring(with: match.range(at: 2)) == "."
            let readings = (dotted ? [dayFirst] : [dayFirst, monthFirst]).compactMap { $0 }
            let distinct = Array(Set(readings)).sorted()
            for value in distinct {
                found.append(Candidate(kind: .date, value: value, text: printed, range: match.range, ambiguous: distinct.count > 1))
            }
        }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let foldedNS = folded as NSString
        guard foldedNS.length == ns.length else { return found }  // folding changed offsets: skip written forms
        for match in written.matches(in: folded, range: NSRange(location: 0, length: foldedNS.length)) {
            func group(_ i: Int) -> String? { match.range(at: i).location == NSNotFound ? nil : foldedNS.substring(with: match.range(at: i)) }
            var value: String?
            if let day = group(1).flatMap(Int.init), let month = group(2).flatMap({ months[$0] }), let year = group(3).flatMap(Int.init) {
                value = iso(year, month, day)
            } else if let month = group(4).flatMap({ months[$0] }), let day = group(5).flatMap(Int.init), let year = group(6).flatMap(Int.init) {
                value = iso(year, month, day)
            }
            if let value { found.append(Candidate(kind: .date, value: value, text: ns.substring(with: match.range), range: match.range)) }
        }
        return found
    }

    /// `YYYY-MM-DD` when the parts make a real date; two-digit years are 2000–2099.
    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String? {
        let fullYear = year < 100 ? 2000 + year : year
        guard (1900...2200).contains(fullYear) else { return nil }
        let value = String(format: "%04d-%02d-%02d", fullYear, month, day)
        return ResultSchema.isISODate(value) ? value : nil
    }
}
