import Foundation

/// Where a phrase sits in a block of lines that share its left edge, with nothing printed just
/// left of them: the column an address is printed in. The name a letter goes to, and the
/// issuer's name in many letterheads, is the top line of such a block, with a street, a postal
/// code and city or a country under it; a contact person ("z. Hd. Frau Berger") or a department
/// sits under the name, and the sender line over an address window is printed smaller. These
/// are inputs of the field heads (feature version 5; since version 6 only of lines that stand
/// alone), not rules: on real invoices the heads took the line under a company name, or a
/// heading, for the customer.
public struct AddressBlockPlace: Sendable, Equatable {
    /// Address lines (street, postal code and city, country) among the block's next four lines.
    public var addressLinesBelow = 0
    /// Lines above the phrase in its block, in a font about as large as the phrase's.
    public var linesAbove = 0
    /// The line just above, in the block and in that font, is an address line: the phrase
    /// continues an address.
    public var afterAddressLine = false

    public init(addressLinesBelow: Int = 0, linesAbove: Int = 0, afterAddressLine: Bool = false) {
        (self.addressLinesBelow, self.linesAbove, self.afterAddressLine) = (addressLinesBelow, linesAbove, afterAddressLine)
    }
}

extension DocumentLayout {
    /// How many lines below a phrase are looked at: name, contact, street, city, country.
    static let addressBlockDepth = 4

    mutating func markAddressBlocks() {
        for i in candidates.indices where candidates[i].kind == .phrase {
            candidates[i].addressBlock = addressBlockPlace(line: candidates[i].line, x0: candidates[i].bbox[0],
                                                           fontSize: candidates[i].fontSize)
        }
    }

    /// How far left of a phrase its line must be empty for the phrase to start a column of its
    /// own rather than sit in a table or a "label   value" row.
    static let blockMargin = 150.0

    /// Nothing is printed on the line within `blockMargin` left of `x0`. A value column beside
    /// its labels ("Kunde   Beispiel AG" over "Datum   01.02.2026") is no address block, and
    /// counting it as one taught the heads that lines above mean nothing.
    func standsAlone(_ line: PageLine, x0: Double) -> Bool {
        !line.words.contains { $0.x1 <= x0 + 1 && $0.x1 > x0 - Self.blockMargin }
    }

    /// The place of a phrase that starts at `x0` on `line`.
    func addressBlockPlace(line: Int, x0: Double, fontSize: Double) -> AddressBlockPlace {
        var place = AddressBlockPlace()
        guard standsAlone(lines[line], x0: x0) else { return place }
        let below = blockLines(from: line, x0: x0, step: 1)
        place.addressLinesBelow = below.filter { ValueShape.looksLikeAddressLine($0.text) }.count
        // A smaller line above is a sender line over a window, not part of the address.
        let above = blockLines(from: line, x0: x0, step: -1).prefix { $0.fontSize >= fontSize * 0.85 }
        place.linesAbove = above.count
        place.afterAddressLine = above.first.map { ValueShape.looksLikeAddressLine($0.text) } ?? false
        return place
    }

    /// The phrases that start where the phrase at `x0` starts, on the lines after (`step` 1) or
    /// before (-1) `line`, as long as no wider gap than a blank line separates them. Up to four.
    func blockLines(from line: Int, x0: Double, step: Int) -> [(text: String, fontSize: Double)] {
        var found: [(text: String, fontSize: Double)] = []
        var current = line
        while found.count < Self.addressBlockDepth {
            let next = current + step
            guard lines.indices.contains(next), lines[next].page == lines[line].page else { break }
            let (upper, lower) = step > 0 ? (lines[current], lines[next]) : (lines[next], lines[current])
            guard lower.y0 - upper.y1 < 1.2 * max(min(upper.fontSize, lower.fontSize), 6) else { break }
            guard let phrase = lines[next].phrases.first(where: { abs($0.x0 - x0) < 4 }), standsAlone(lines[next], x0: phrase.x0) else { break }
            let size = lines[next].words[phrase.words].map(\.fontSize).max() ?? 0
            found.append((phrase.text, size))
            current = next
        }
        return found
    }
}

extension ValueShape {
    /// A line of a postal address: a street with its number, a house number before the street
    /// ("93B Sai Yu Chung"), a postal code with a city ("75018 PARIS, FR", "D-12345 Berlin",
    /// "Springfield, IL 62701", "SW1A 1AA", "Bangalore - 560037"), a post box, or a country. A
    /// numbered table row ("2 Turbo Flyer") reads as one too: these are inputs of trained
    /// heads, which weigh them with everything else.
    static func looksLikeAddressLine(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," })
        if looksLikeStreet(words) { return true }
        if countries.contains(LabelGlossary.normalize(text)) { return true }
        let lower = text.lowercased()
        if lower.hasPrefix("p.o. box") || lower.hasPrefix("po box") || lower.hasPrefix("postfach") || lower.hasPrefix("bp ") { return true }
        return postalPatterns.contains { text.range(of: $0, options: .regularExpression) != nil }
    }

    static let postalPatterns = [
        // A postal code before the city, with an optional country mark: "12345 Berlin", "F-75018 Paris", "1012 AB Amsterdam".
        #"^([A-Z]{1,2}[- ])?\d{4,5}( [A-Z]{2})? \p{L}"#,
        // A state and ZIP code after the city: "Springfield, IL 62701", "New York NY 10001-1234".
        #"\p{L}+,? [A-Z]{2} \d{5}(-\d{4})?$"#,
        // A house number before two or more words, as British, American and Indian addresses
        // open: "93B Sai Yu Chung", "3/64, Vishwas Khand".
        #"^\d{1,4}[A-Z]?(/\d{1,4})?,? \p{L}{2,}\.? \p{L}"#,
        // A British postcode: "SW1A 1AA", "M1 1AE".
        #"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"#,
        // A six-digit PIN after the city and a dash, or in two groups: "Bangalore - 560037", "Mumbai 400 001".
        #"\p{L}+ ?[-–] ?\d{3} ?\d{3}$"#, #"\p{L}+ \d{3} \d{3}$"#,
    ]
}
