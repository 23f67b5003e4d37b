import Foundation
import Parsing

/// A page's words grouped into lines (same baseline band, left to right) and each line into
/// phrases (runs of words separated by a wide gap or ending in a colon): the units candidates
/// and their labels are found in.
public struct PageLine: Sendable {
    public struct Phrase: Sendable {
        public var text: String
        /// Indices into the line's words.
        public var words: Range<Int>
        public var x0: Double, x1: Double
    }

    public var page: Int
    public var words: [ParsedDocument.Word]
    public var phrases: [Phrase]
    /// The line's text: words joined by one space, or by two across a wide gap, so a number in
    /// one column never reads as the thousands of the next ("1   278.61" is a quantity and a
    /// price, not 1278.61). `offsets[i]` is where word i starts (UTF-16).
    public var text: String
    public var offsets: [Int]
    public var y0: Double { words.map(\.y0).min() ?? 0 }
    public var y1: Double { words.map(\.y1).max() ?? 0 }
    public var x0: Double { words.first?.x0 ?? 0 }
    public var fontSize: Double { words.map(\.fontSize).max() ?? 0 }

    /// Lines of one page, top to bottom.
    public static func lines(of page: ParsedDocument.Page) -> [PageLine] {
        let words = page.words.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        // Band by vertical centre: words whose centres lie within half the smaller word's height
        // share a line, as do words on one baseline. Half the larger height let a 28 pt title
        // ("INVOICE") join two 10 pt lines beside it into one, their words interleaved.
        let sorted = words.sorted { ($0.y0 + $0.y1) / 2 < ($1.y0 + $1.y1) / 2 }
        var bands: [[ParsedDocument.Word]] = []
        for word in sorted {
            let centre = (word.y0 + word.y1) / 2
            if let last = bands.last?.last, sameLine(last, word, centre: centre) {
                bands[bands.count - 1].append(word)
            } else {
                bands.append([word])
            }
        }
        return bands.map { PageLine(page: page.number, words: $0.sorted { $0.x0 < $1.x0 }) }
    }

    private static func sameLine(_ last: ParsedDocument.Word, _ word: ParsedDocument.Word, centre: Double) -> Bool {
        let smaller = min(word.y1 - word.y0, last.y1 - last.y0)
        return abs((last.y0 + last.y1) / 2 - centre) <= max(2, smaller * 0.5) || abs(last.y1 - word.y1) <= max(1, smaller * 0.2)
    }

    init(page: Int, words: [ParsedDocument.Word]) {
        self.page = page
        self.words = words
        func wideGap(after i: Int) -> Bool {
            guard i + 1 < words.count else { return true }
            return words[i + 1].x0 - words[i].x1 > max(words[i].fontSize * 1.2, 6)
        }
        var text = "", offsets: [Int] = []
        for (i, word) in words.enumerated() {
            if i > 0 { text += wideGap(after: i - 1) ? "  " : " " }
            offsets.append((text as NSString).length)
            text += word.text
        }
        self.text = text
        self.offsets = offsets
        var phrases: [Phrase] = []
        var start = 0
        for i in words.indices {
            // The last word always ends its phrase: wideGap says so.
            if wideGap(after: i) || words[i].text.hasSuffix(":") {
                let slice = words[start...i]
                var phraseText = slice.map(\.text).joined(separator: " ")
                if phraseText.hasSuffix(":") { phraseText.removeLast() }
                phrases.append(Phrase(text: phraseText.trimmingCharacters(in: .whitespaces), words: start..<(i + 1),
                                      x0: slice.first!.x0, x1: slice.last!.x1))
                start = i + 1
            }
        }
        self.phrases = phrases
    }

    /// Indices of the words a UTF-16 range of `text` covers.
    func wordIndices(covering range: NSRange) -> Range<Int> {
        let end = range.location + range.length
        let first = offsets.lastIndex { $0 <= range.location } ?? 0
        let last = offsets.lastIndex { $0 < end } ?? first
        return first..<(max(first, last) + 1)
    }
}
