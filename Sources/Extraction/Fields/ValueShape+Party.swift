import Foundation

extension ValueShape {
    /// The party a printed name stands for: its words, lowercased and without punctuation,
    /// with the legal form at its end dropped. An issuer prints its name more than once and not
    /// always alike: "Amazon Web Services" in the header and "Amazon Web Services, Inc." in the
    /// footer, "WS Retail Services Pvt. Ltd" and "… Private Limited". As rivals those printings
    /// split the vendor's share between them and neither came out (both at head scores over
    /// 0.6); as one party they are one value. So is the name with the document's title run on
    /// ("Amazon Web Services Invoice"). A name that is nothing but a legal form keeps its words.
    static func partyKey(_ name: String) -> String {
        var words = wordList(name)
        while words.count > 1, let last = words.last, Self.trailingLegalWords.contains(last) || FieldCandidate.legalForms.contains(last)
            || FieldCandidate.legalForms.contains(last + ".") || DocumentLayout.documentTitles.contains(last) {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    /// Printed names whose party key holds another printed name's key as whole words, mapped
    /// to that party: a sentence in the terms ("Verschulden der QualityHosting AG") names the
    /// issuer whose header reads "QualityHosting AG", and as rivals the two split the vendor's
    /// share (0.61 and 0.43, so neither was extracted). Only a name that stands for someone
    /// on its own takes others in: two or more words, or one word with its legal form printed
    /// ("QualityHosting AG"); a bare "Trading" or "Services" would join unrelated parties. The
    /// longest such name contained wins, followed to the end of the chain, so "Acme Trading
    /// Europe", "Acme Trading Ltd" and "Acme Trading" are one party.
    static func mentionedParties(_ names: [String]) -> [String: String] {
        let keyed = names.map { (name: $0, key: partyKey($0)) }
        let keys = Set(keyed.map(\.key))
        let standalone = Set(keyed.filter { name, key in
            key.count >= 5 && (key.split(separator: " ").count >= 2 || key != plainWords(name))
        }.map(\.key)).map { (key: $0, words: $0.split(separator: " ")) }
        var parties: [String: String] = [:]
        for key in keys {
            let words = key.split(separator: " ")
            let inside = standalone.filter { $0.key != key && $0.words.count < words.count && containsRun(words, $0.words) }
            if let party = inside.max(by: { $0.key.count < $1.key.count }) { parties[key] = party.key }
        }
        // Each step is a strictly shorter key, so the chains end.
        return parties.mapValues { var party = $0; while let next = parties[party] { party = next }; return party }
    }

    /// The name's words as `partyKey` writes them, with nothing dropped.
    private static func plainWords(_ name: String) -> String { wordList(name).joined(separator: " ") }

    private static func wordList(_ name: String) -> [String] {
        name.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," })
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()")) }.filter { !$0.isEmpty }
    }

    private static func containsRun(_ words: [Substring], _ run: [Substring]) -> Bool {
        guard run.count <= words.count else { return false }
        return (0...(words.count - run.count)).contains { Array(words[$0..<($0 + run.count)]) == run }
    }

    /// Words of legal forms written out or abbreviated that `FieldCandidate.legalForms` leaves
    /// out because, alone, they are no sign of an organisation ("Private Limited", "Pvt. Ltd",
    /// "& Co.").
    static let trailingLegalWords: Set<String> = ["pvt", "private", "&", "co", "and"]
}
