import Foundation
import Parsing

extension DocumentLayout {
    /// Shorter candidates inside one phrase, for values printed without a gap to what surrounds
    /// them:
    /// - a label and its value in one run of words, "Rechnung RE1001", "Invoice No. 12345",
    ///   "USt-IdNr. DE238574172": the trailing words that hold digits become a candidate labelled
    ///   by the words before them;
    /// - parts of a line joined by separators, "Kraxi GmbH · Flugzeugallee 17 · 12345 Papierfeld"
    ///   (the sender line above an address window): each part becomes a candidate.
    static func phraseParts(_ phrase: PageLine.Phrase, of line: PageLine, index: Int, label: String) -> [FieldCandidate] {
        let words = Array(phrase.words)
        guard words.count > 1 else { return [] }
        var found: [FieldCandidate] = []

        // The label-value split: a label of letters only, then a value of words with digits.
        let valueStart = words.lastIndex { !line.words[$0].text.contains(where: \.isNumber) }.map { $0 + 1 } ?? 0
        if valueStart > 0, valueStart < words.count, valueStart >= words.count - 3 {
            let labelWords = words[..<valueStart].map { line.words[$0].text }
            if labelWords.joined().contains(where: \.isLetter) {
                let valueRange = words[valueStart]..<(words[words.count - 1] + 1)
                let value = valueRange.map { line.words[$0].text }.joined(separator: " ")
                let inPhraseLabel = labelWords.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ":#. "))
                found.append(candidate(.phrase, value: value, text: value, words: valueRange, line: line, index: index,
                                       label: inPhraseLabel))
            }
        }

        // Parts between separator words.
        var parts: [Range<Int>] = []
        var start = words[0]
        for w in words where isSeparator(line.words[w].text) {
            if w > start { parts.append(start..<w) }
            start = w + 1
        }
        if !parts.isEmpty, start <= words[words.count - 1] { parts.append(start..<(words[words.count - 1] + 1)) }
        for part in parts where parts.count > 1 {
            let value = part.map { line.words[$0].text }.joined(separator: " ")
            found.append(candidate(.phrase, value: value, text: value, words: part, line: line, index: index, label: label))
        }
        return found
    }

    static func isSeparator(_ word: String) -> Bool {
        ["·", "|", "•", "–", "—", "/", "-"].contains(word)
    }
}
