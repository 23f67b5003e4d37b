import Foundation

/// Where a name shows up again on a document: in a web address or e-mail domain, and on other
/// lines. An issuer prints its own name in its letterhead, its footer (register court, bank,
/// "www.kraxi.de", "billing@free.fr") and its legal text, often with its logo as the only
/// header; the customer's name usually appears once, in the address window. These are inputs of
/// the field heads (feature version 4), not rules: the heads weigh them against position,
/// label and the encoder's vectors.
public struct NameMentions: Sendable {
    /// The labels of every domain printed on the pages ("www.qualityhosting.de" gives
    /// "qualityhosting"), lowercased, without "www" and top-level parts.
    let domainParts: Set<String>
    /// Each line's text, lowercased, for counting mentions.
    let lineTexts: [String]

    init(lines: [PageLine]) { self.init(texts: lines.map(\.text)) }

    init(texts: [String]) {
        lineTexts = texts.map { $0.lowercased() }
        var parts: Set<String> = []
        for text in lineTexts {
            for token in text.split(whereSeparator: { $0.isWhitespace || "|,;()<>[]\"'".contains($0) }) {
                guard let domain = Self.domain(in: String(token)) else { continue }
                let labels = domain.split(separator: ".").dropLast().map(String.init).filter { $0 != "www" && $0.count >= 2 }
                parts.formUnion(labels)
            }
        }
        domainParts = parts
    }

    /// The domain of a web address or e-mail address token, or nil when the token is neither:
    /// "info@free.fr" → "free.fr", "https://www.envato.com/x" → "www.envato.com", "weclapp.com".
    static func domain(in token: String) -> String? {
        var text = Substring(token)
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        while let last = text.last, ".:".contains(last) { text = text.dropLast() }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, (2...6).contains(top.count), top.allSatisfy({ $0.isASCII && $0.isLetter }),
              labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              labels.dropLast().contains(where: { $0.contains { $0.isLetter } }) else { return nil }
        // "Nr.12.2024" or "S.A." are not domains: a web or mail address, or a known top level.
        guard token.contains("@") || token.contains("www.") || token.contains("://") || Self.topLevels.contains(String(top)) else { return nil }
        return String(text)
    }

    static let topLevels: Set<String> = [
        "com", "net", "org", "io", "co", "de", "fr", "nl", "be", "at", "ch", "uk", "eu", "it", "es", "in", "au", "us", "ca", "info", "biz",
    ]

    /// The word a name is known by: its first word of three or more letters that is not a
    /// legal form ("Amazon Web Services" → "amazon", "WS Retail Services Pvt. Ltd." → "retail").
    static func keyWord(of name: String) -> String? {
        for word in name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "." && $0 != "-" }) {
            let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
            guard trimmed.filter(\.isLetter).count >= 3, !FieldCandidate.legalForms.contains(trimmed),
                  !FieldCandidate.legalForms.contains(trimmed + ".") else { continue }
            // A name that is a domain ("weclapp.com") is known by its first label.
            return String(trimmed.split(separator: ".").first ?? Substring(trimmed))
        }
        return nil
    }

    /// Whether the name's key word is (part of) a printed domain.
    func inDomain(_ name: String) -> Bool {
        guard let key = Self.keyWord(of: name) else { return false }
        return inDomain(key: key)
    }

    func inDomain(key: String) -> Bool {
        domainParts.contains { $0 == key || (key.count >= 4 && $0.contains(key)) }
    }

    /// How many lines other than `line` mention the name's key word.
    func otherLines(mentioning name: String, besides line: Int) -> Int {
        guard let key = Self.keyWord(of: name) else { return 0 }
        return lines(mentioning: key).filter { $0 != line }.count
    }

    /// The lines that mention a key word (none for keys under three characters).
    func lines(mentioning key: String) -> [Int] {
        guard key.count >= 3 else { return [] }
        return lineTexts.indices.filter { Self.mentions(lineTexts[$0], key) }
    }

    /// The key word as a word of its own, or inside a longer token only when it is long
    /// ("qualityhosting.de" mentions "qualityhosting"; "freeway" does not mention "free").
    static func mentions(_ text: String, _ key: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: key, range: searchRange) {
            if key.count >= 6 { return true }
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
