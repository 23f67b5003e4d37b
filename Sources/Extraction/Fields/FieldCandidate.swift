import Foundation
import Parsing

/// A possible value of some field, with where it sits and what labels it: the unit a field
/// head scores. `phrase` candidates are runs of words (names, numbers, codes); the others come
/// from the typed recognizers.
public struct FieldCandidate: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case phrase, date, amount, iban, bic, routingNumber = "routing_number", npi, icd10, loinc, ssn, ein, phone, email
        init(_ kind: Candidate.Kind) { self = Kind(rawValue: kind.rawValue)! }
    }

    public var kind: Kind
    public var value: String
    public var text: String
    public var page: Int
    public var bbox: [Double]
    /// Index into `DocumentLayout.lines`.
    public var line: Int
    /// The nearest text to the left on the line, or above in the column; empty when none.
    public var label: String
    public var currency: String?
    public var ambiguous: Bool
    public var fontSize: Double
    public var bold: Bool
    /// Printed with a colon after it ("Ihre Auftragsnummer:"): a label, whatever it says.
    public var endsWithColon = false
    /// Printed left of a date, an amount or an identifier on its line ("Né(e) le  14/10/2007"):
    /// a label, whatever it says.
    public var labelsAValue = false
    /// Printed left of a phrase of words that it labels ("Paiement  VISA"): the label of a
    /// value of words, which a field of words (a means of payment) must not take for the value.
    public var labelsWords = false
    /// A phrase whose first word is part of a printed web or mail domain (`NameMentions`).
    public var inPrintedDomain = false
    /// Other lines that mention the phrase's first word (`NameMentions`).
    public var otherMentions = 0
    /// A phrase printed three or more times in a row down one column of its page ("Grundgebühr
    /// pro Einheit" under each of six services): an entry of a list or table
    /// (`DocumentLayout.markListEntries`).
    public var isListEntry = false
    /// Where a phrase sits in the column of lines it starts (`DocumentLayout.markAddressBlocks`).
    public var addressBlock = AddressBlockPlace()
    /// A phrase that is all of a typed value on its line (a BIC, a phone number, a date): the
    /// recognizer already said what it is, so it names no one (`DocumentLayout.markTypedPhrases`).
    public var isTypedValue = false
    /// A phrase that is a date or an amount of money a recognizer typed on its line
    /// ("15-10-2015", the "1939" of "Rs 1939"): a date or a price, never a document's number.
    public var isTypedDateOrMoney = false
    /// The label printed over the value (`DocumentLayout.labelAbove`), even when `label` is the
    /// text to its left: in a table row the left neighbour is another column's value ("Detlef
    /// Hembrock" left of the due date under "Due Date").
    public var labelOver = ""
    /// A phrase printed on a sender line (`DocumentLayout.isSenderLine`): the issuer's.
    public var onSenderLine = false
    /// The issuer's name on the sender line over the window this phrase tops, if it tops one:
    /// the phrase is the addressee.
    public var underSenderLine: String?

    /// An amount printed as money: with cents (`.56`, `,56`) or a currency beside it. A bare
    /// integer is as often a quantity, a position or a count.
    public var looksLikeMoney: Bool {
        guard kind == .amount else { return false }
        if currency != nil { return true }
        let chars = Array(text)
        return chars.count >= 3 && chars[chars.count - 1].isNumber && chars[chars.count - 2].isNumber
            && (chars[chars.count - 3] == "." || chars[chars.count - 3] == ",")
    }

    /// Legal forms that end or sit inside organisation names, in the languages the invoices come in.
    static let legalForms: Set<String> = [
        "gmbh", "ag", "kg", "ohg", "ug", "se", "e.v.", "inc", "inc.", "llc", "ltd", "ltd.", "limited", "corp", "corp.",
        "corporation", "co.", "company", "sas", "sa", "s.a.", "sarl", "s.a.r.l.", "srl", "s.r.l.", "spa", "s.p.a.", "b.v.",
        "bv", "n.v.", "nv", "plc", "llp", "lp", "ab", "as", "a/s", "oy", "pty", "p.c.", "pllc", "gbr", "mbh",
    ]

    /// Whether the value holds a legal form as a word ("Kraxi GmbH", "Acme Inc.").
    public var hasLegalForm: Bool { Self.holdsLegalForm(value) }

    /// Whether the text holds a legal form as a word, set off by spaces or a comma.
    static func holdsLegalForm(_ text: String) -> Bool {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).contains { legalForms.contains($0.lowercased()) }
    }
}

/// Lines and candidates of a document's pages, computed once and shared by the type head and
/// every field head.
public struct DocumentLayout: Sendable {
    public var lines: [PageLine]
    public var candidates: [FieldCandidate]
    public var pageSizes: [Int: (width: Double, height: Double)]
    public var largestFont: Double
    /// Where names show up again: printed domains and other lines.
    public var mentions: NameMentions

    public init(_ document: ParsedDocument, maxPages: Int = 3) {
        var lines: [PageLine] = []
        var sizes: [Int: (Double, Double)] = [:]
        for page in document.pages.prefix(maxPages) {
            sizes[page.number] = (page.width, page.height)
            lines += PageLine.lines(of: page)
        }
        self.lines = lines
        pageSizes = sizes
        largestFont = lines.map(\.fontSize).max() ?? 1
        mentions = NameMentions(lines: lines)
        var candidates: [FieldCandidate] = []
        for (index, line) in lines.enumerated() {
            for (p, phrase) in line.phrases.enumerated() where !phrase.text.isEmpty && phrase.text.count <= 300 {
                let label = Self.phraseLabel(lines, line: index, phrase: p)
                // A long run is no value itself, but its parts may be: footers run the issuer's
                // name, address, register and web into one line.
                if phrase.text.count <= 80 {
                    candidates.append(Self.candidate(.phrase, value: Self.phraseValue(phrase.text), text: phrase.text, words: phrase.words,
                                                     line: line, index: index, label: label))
                    candidates += Self.formNumbers(in: phrase, of: line, index: index, label: label)
                }
                candidates += Self.phraseParts(phrase, of: line, index: index, label: label)
                // A legal form set apart from its name by a wide gap ("Osterhout Medizintechnik
                // B.V." in a letter-spaced heading): the name with its form is a candidate too.
                if p > 0, phrase.words.count == 1, FieldCandidate.legalForms.contains(phrase.text.lowercased()) {
                    let name = line.phrases[p - 1]
                    let joined = name.text + " " + phrase.text
                    candidates.append(Self.candidate(.phrase, value: joined, text: joined, words: name.words.lowerBound..<phrase.words.upperBound,
                                                     line: line, index: index, label: Self.phraseLabel(lines, line: index, phrase: p - 1, through: phrase.x1)))
                }
            }
            let typed = DateRecognizer.find(in: line.text) + AmountRecognizer.find(in: line.text) + IdentifierRecognizer.find(in: line.text)
            for found in typed {
                let words = line.wordIndices(covering: found.range)
                let phraseIndex = line.phrases.firstIndex { $0.words.contains(words.lowerBound) } ?? 0
                let phrase = line.phrases[phraseIndex]
                // A value inside a "Label: value" phrase is labelled by the words before it.
                // (A currency symbol or code before the number is not a label.)
                let before = line.words[phrase.words.lowerBound..<words.lowerBound].map(\.text).joined(separator: " ")
                let inPhraseLabel = before.filter(\.isLetter).count >= 2 && !AmountRecognizer.codes.contains(before.uppercased()) ? before : ""
                var label = phraseIndex > 0 ? line.phrases[phraseIndex - 1].text : ""
                if !inPhraseLabel.isEmpty { label = inPhraseLabel }
                if label.isEmpty { label = Self.labelAbove(lines, index, x0: phrase.x0, x1: phrase.x1) }
                var candidate = Self.candidate(FieldCandidate.Kind(found.kind), value: found.value, text: found.text, words: words,
                                               line: line, index: index, label: label.trimmingCharacters(in: CharacterSet(charactersIn: ": ")))
                candidate.currency = found.currency
                candidate.ambiguous = found.ambiguous
                candidates.append(candidate)
            }
        }
        self.candidates = candidates + Self.wrappedIBANs(lines) + Self.formCandidates(document.formFields, lines: lines, maxPages: maxPages)
        settleAmbiguousDates()
        markLabelsOver()
        markLabelsOfValues()
        markTypedPhrases()
        markMentions()
        markListEntries()
        markAddressBlocks()
        markSenderLines()
    }

    /// Where each phrase's name shows up again, looked up once per key word: a page's phrases,
    /// their parts and the names inside them share few first words.
    mutating func markMentions() {
        var seen: [String: (inDomain: Bool, lines: [Int])] = [:]
        for i in candidates.indices where candidates[i].kind == .phrase {
            guard let key = NameMentions.keyWord(of: candidates[i].value) else { continue }
            let found = seen[key] ?? (mentions.inDomain(key: key), mentions.lines(mentioning: key))
            seen[key] = found
            candidates[i].inPrintedDomain = found.inDomain
            candidates[i].otherMentions = found.lines.filter { $0 != candidates[i].line }.count
        }
    }

    /// Marks phrases printed three or more times in a row down one column of a page: the same
    /// words at the same x (within 3 pt) in the same size, each printing at most eight lines'
    /// height below the one before. The rows of a list or table repeat an item's wording
    /// ("Grundgebühr pro Einheit", "Monthly subscription"); a party's name is printed in places
    /// far apart (letterhead, sender line, footer), often in other sizes. The same wording on
    /// another page (the table running on) is an entry too.
    mutating func markListEntries() {
        var groups: [String: [Int]] = [:]
        for i in candidates.indices where candidates[i].kind == .phrase {
            groups["\(candidates[i].page)|\(candidates[i].value.lowercased())", default: []].append(i)
        }
        for members in groups.values where members.count >= Self.listRepeats {
            for i in members {
                let c = candidates[i]
                // The printings in this one's column and size, one per line, top to bottom.
                var column: [Int: Double] = [:]
                for j in members where abs(candidates[j].bbox[0] - c.bbox[0]) <= 3 && abs(candidates[j].fontSize - c.fontSize) <= 0.5 {
                    column[candidates[j].line] = candidates[j].bbox[1]
                }
                let tops = column.values.sorted()
                guard let at = tops.firstIndex(of: c.bbox[1]) else { continue }
                var first = at, last = at
                let reach = 8 * max(c.fontSize, 6)
                while first > 0, tops[first] - tops[first - 1] <= reach { first -= 1 }
                while last < tops.count - 1, tops[last + 1] - tops[last] <= reach { last += 1 }
                if last - first + 1 >= Self.listRepeats { candidates[i].isListEntry = true }
            }
        }
        // The same wording elsewhere (a table that runs on to the next page) is the same list's.
        let entries = Set(candidates.filter(\.isListEntry).map { $0.value.lowercased() })
        for i in candidates.indices where candidates[i].kind == .phrase && entries.contains(candidates[i].value.lowercased()) {
            candidates[i].isListEntry = true
        }
    }

    /// How many printings down one column make a list.
    static let listRepeats = 3

    /// Gives every candidate the label printed over it (`labelOver`).
    mutating func markLabelsOver() {
        for i in candidates.indices {
            let c = candidates[i]
            candidates[i].labelOver = Self.labelAbove(lines, c.line, x0: c.bbox[0], x1: c.bbox[2])
        }
    }

    /// Marks phrases whose whole text a recognizer found as a typed value on the same line.
    /// Also marks phrases that are a typed date or amount of money, or a piece of one: the number
    /// beside a currency ("1939" in "Rs 1939"), the year of a written date ("2016." of "28 Jan
    /// 2016.").
    mutating func markTypedPhrases() {
        func compact(_ text: String) -> String { text.uppercased().filter { !$0.isWhitespace } }
        var typedByLine: [Int: Set<String>] = [:]
        var datesAndMoneyByLine: [Int: (texts: Set<String>, spans: [ClosedRange<Double>])] = [:]
        for c in candidates where c.kind != .phrase {
            typedByLine[c.line, default: []].insert(compact(c.text))
            if c.kind == .date || c.looksLikeMoney {
                datesAndMoneyByLine[c.line, default: ([], [])].texts.formUnion([compact(c.text), c.value])
                if c.bbox[2] > c.bbox[0] { datesAndMoneyByLine[c.line, default: ([], [])].spans.append((c.bbox[0] - 1)...(c.bbox[2] + 1)) }
            }
        }
        for i in candidates.indices where candidates[i].kind == .phrase {
            let value = compact(candidates[i].value)
            candidates[i].isTypedValue = typedByLine[candidates[i].line]?.contains(value) ?? false
            guard let typed = datesAndMoneyByLine[candidates[i].line] else { continue }
            // "(Rs 1939)" leaves "1939)" in a phrase.
            let bare = value.trimmingCharacters(in: CharacterSet(charactersIn: "()[],;:"))
            let box = candidates[i].bbox
            let inside = box[2] > box[0] && typed.spans.contains { $0.contains(box[0]) && $0.contains(box[2]) }
            candidates[i].isTypedDateOrMoney = typed.texts.contains(bare) || inside
        }
    }

    /// IBANs a table cell wraps over two lines ("DE67 1004 8392 7221" above "8882 72"): the first
    /// part starts like an IBAN but fails the check alone, and the phrase just below it, starting
    /// in the same column, completes it. The mod-97 check keeps unrelated lines from joining.
    static func wrappedIBANs(_ lines: [PageLine]) -> [FieldCandidate] {
        var found: [FieldCandidate] = []
        for index in lines.indices.dropLast() {
            let line = lines[index], next = lines[index + 1]
            guard next.page == line.page, next.y0 - line.y1 < 1.5 * max(line.fontSize, 6) else { continue }
            for (p, phrase) in line.phrases.enumerated() {
                let head = phrase.text.filter { !$0.isWhitespace }
                guard (8..<34).contains(head.count), Self.startsLikeIBAN(head), !CheckDigits.isValidIBAN(head) else { continue }
                for below in next.phrases where abs(below.x0 - phrase.x0) < 3 {
                    let joined = head + below.text.filter { !$0.isWhitespace }
                    guard joined.count > head.count, joined.count <= 34, Self.startsLikeIBAN(joined), CheckDigits.isValidIBAN(joined) else { continue }
                    let label = phraseLabel(lines, line: index, phrase: p)
                    var candidate = Self.candidate(.iban, value: joined, text: phrase.text + " " + below.text, words: phrase.words,
                                                   line: line, index: index, label: label)
                    candidate.bbox = Self.box(Array(line.words[phrase.words]) + Array(next.words[below.words]))
                    found.append(candidate)
                }
            }
        }
        return found
    }

    /// Two capital letters, two digits, then capitals and digits only.
    static func startsLikeIBAN(_ compact: String) -> Bool {
        let chars = Array(compact)
        guard chars.count >= 4, chars[0].isASCII, chars[0].isUppercase, chars[1].isASCII, chars[1].isUppercase,
              chars[2].isNumber, chars[3].isNumber else { return false }
        return chars.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
    }

    static func candidate(_ kind: FieldCandidate.Kind, value: String, text: String, words: Range<Int>, line: PageLine, index: Int,
                          label: String) -> FieldCandidate {
        let slice = line.words[words.clamped(to: line.words.indices)]
        return FieldCandidate(kind: kind, value: value, text: text, page: line.page, bbox: box(Array(slice)),
                              line: index, label: label, currency: nil, ambiguous: false,
                              fontSize: slice.map(\.fontSize).max() ?? 0, bold: slice.contains { $0.bold },
                              endsWithColon: slice.last?.text.hasSuffix(":") ?? false)
    }

    /// The box around some words: [x0, y0, x1, y1], zeros for none.
    static func box(_ words: [ParsedDocument.Word]) -> [Double] {
        [words.map(\.x0).min() ?? 0, words.map(\.y0).min() ?? 0, words.map(\.x1).max() ?? 0, words.map(\.y1).max() ?? 0]
    }

    /// The label of phrase `p` on line `line`: the phrase before it on the line, else the label
    /// printed over it (`labelAbove`), over the span from the phrase to `x1` when given.
    static func phraseLabel(_ lines: [PageLine], line index: Int, phrase p: Int, through x1: Double? = nil) -> String {
        let phrases = lines[index].phrases
        if p > 0 {
            // "ATTN: iViveLabs Limited" under "Bill to Address:": an attention line that names an
            // organisation is the addressee's line, labelled by the heading over it; the marker
            // labels only the person it sends a letter to ("Attn: Jane Roe").
            if p == 1, ValueShape.attentionMarkers.contains(LabelGlossary.normalize(phrases[0].text)),
               FieldCandidate.holdsLegalForm(phrases[p].text) {
                let over = labelAbove(lines, index, x0: phrases[0].x0, x1: x1 ?? phrases[p].x1)
                if !over.isEmpty { return over }
            }
            return phrases[p - 1].text
        }
        return labelAbove(lines, index, x0: phrases[p].x0, x1: x1 ?? phrases[p].x1)
    }

    /// The text just above a value that overlaps it horizontally (labels printed over values).
    /// The nearest line above with text over the value counts, even when a line of another
    /// column sits between them: "Bill To:" over a customer whose left column is interleaved
    /// with a right column's "Payment Terms" row. (Added after the committed heads were trained,
    /// without a new feature version: heads/README.md.)
    static func labelAbove(_ lines: [PageLine], _ index: Int, x0: Double, x1: Double) -> String {
        let line = lines[index]
        var candidate = index - 1
        var over: [PageLine.Phrase] = []
        while candidate >= 0, lines[candidate].page == line.page, line.y0 - lines[candidate].y1 < 2.5 * max(line.fontSize, 6) {
            over = lines[candidate].phrases.filter { $0.x0 < x1 + 2 && $0.x1 > x0 - 2 }
            if !over.isEmpty { break }
            candidate -= 1
        }
        // Nothing near over it: the sender line of a window further up labels the addressee.
        guard !over.isEmpty else {
            return senderLineOver(lines, index, x0: x0, x1: x1).map { lines[$0].text } ?? ""
        }
        let above = lines[candidate]
        let text = over.map(\.text).joined(separator: " ")
        // Only text that reads as a label labels what is under it: printed smaller or bold, ending
        // in a colon, or holding label words. A name over a contact person, or a street over its
        // city, is the line before in an address, not its label (feature version 7).
        let words = over.flatMap { above.words[$0.words] }
        let readsAsLabel = words.contains { $0.bold || $0.fontSize < line.fontSize * 0.9 } || words.last?.text.hasSuffix(":") == true
            || LabelGlossary.labelCoverage(of: text) > 0
        return readsAsLabel ? text : ""
    }

    /// The text a person reads first: title and first page, for the type head.
    public var openingText: String {
        lines.prefix(60).map(\.text).joined(separator: "\n")
    }
}
