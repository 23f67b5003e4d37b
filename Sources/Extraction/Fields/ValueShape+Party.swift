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
        var words = name.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," })
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()")) }.filter { !$0.isEmpty }
        while words.count > 1, let last = words.last, Self.trailingLegalWords.contains(last) || FieldCandidate.legalForms.contains(last)
            || FieldCandidate.legalForms.contains(last + ".") || DocumentLayout.documentTitles.contains(last) {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    /// Words of legal forms written out or abbreviated that `FieldCandidate.legalForms` leaves
    /// out because, alone, they are no sign of an organisation ("Private Limited", "Pvt. Ltd",
    /// "& Co.").
    static let trailingLegalWords: Set<String> = ["pvt", "private", "&", "co", "and"]
}
