import Foundation
import Parsing

extension DocumentLayout {
    /// Candidates from filled AcroForm fields. A filled tax or claim form keeps its values in
    /// form fields, not in the page's text layer, so without these the values are not on the
    /// page at all as far as the extractor can see.
    ///
    /// Each value becomes a phrase candidate, plus typed candidates for what the recognizers find
    /// in it. Its label is the field's tooltip (the name the form shows a person), else the printed
    /// text left of the widget, else the field's own name; its line, for the line vector, is the
    /// page line level with the widget (the printed label sits there).
    static func formCandidates(_ fields: [ParsedDocument.FormField], lines: [PageLine], maxPages: Int) -> [FieldCandidate] {
        var found: [FieldCandidate] = []
        for field in fields where field.page <= maxPages {
            let value = field.value.trimmingCharacters(in: .whitespacesAndNewlines)
            // Check boxes ("true"/"false") and blank fields carry no field value.
            guard !value.isEmpty, value != "true", value != "false", value.count <= 80,
                  let line = nearestLine(to: field, in: lines) else { continue }
            let label = field.label ?? printedLabel(leftOf: field, on: lines[line]) ?? readableName(field.name)
            var base = FieldCandidate(kind: .phrase, value: value, text: value, page: field.page, bbox: field.bbox, line: line,
                                      label: label, currency: nil, ambiguous: false,
                                      fontSize: lines[line].fontSize, bold: false)
            found.append(base)
            let typed = DateRecognizer.find(in: value) + AmountRecognizer.find(in: value) + IdentifierRecognizer.find(in: value)
            for candidate in typed {
                base.kind = FieldCandidate.Kind(candidate.kind)
                base.value = candidate.value
                base.text = candidate.text
                base.currency = candidate.currency
                base.ambiguous = candidate.ambiguous
                found.append(base)
            }
        }
        return found
    }

    /// The line on the field's page whose vertical centre is nearest the widget's, within two
    /// widget heights; nil when the page has no line that close.
    static func nearestLine(to field: ParsedDocument.FormField, in lines: [PageLine]) -> Int? {
        let centre = (field.bbox[1] + field.bbox[3]) / 2
        let reach = max(2 * (field.bbox[3] - field.bbox[1]), 12)
        return lines.indices
            .filter { lines[$0].page == field.page && abs((lines[$0].y0 + lines[$0].y1) / 2 - centre) <= reach }
            .min { abs((lines[$0].y0 + lines[$0].y1) / 2 - centre) < abs((lines[$1].y0 + lines[$1].y1) / 2 - centre) }
    }

    /// The printed phrase closest to the widget's left edge, on its line.
    static func printedLabel(leftOf field: ParsedDocument.FormField, on line: PageLine) -> String? {
        line.phrases.filter { $0.x1 <= field.bbox[0] + 2 }.max { $0.x1 < $1.x1 }?.text
    }

    /// `PayerTIN` or `payer_tin[0]` as "Payer TIN" / "payer tin": machine names read as words.
    static func readableName(_ name: String) -> String {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        var words = "", previous: Character?
        for c in last where c != "[" && c != "]" && !c.isNumber {
            if c == "_" || c == "-" { words.append(" ") } else {
                if let p = previous, p.isLowercase, c.isUppercase { words.append(" ") }
                words.append(c)
            }
            previous = c
        }
        return words.trimmingCharacters(in: .whitespaces)
    }

    /// Form numbers inside a longer phrase ("Form 1099-NEC Nonemployee Compensation"): the number
    /// alone is what `form_type` holds, so it is a candidate of its own, labelled by the words
    /// before it. Tax and claim forms name themselves this way.
    static func formNumbers(in phrase: PageLine.Phrase, of line: PageLine, index: Int, label: String) -> [FieldCandidate] {
        guard phrase.words.count > 1 else { return [] }
        return phrase.words.compactMap { w -> FieldCandidate? in
            let word = line.words[w].text.trimmingCharacters(in: CharacterSet(charactersIn: ".,:;()"))
            guard isFormNumber(word) else { return nil }
            let before = line.words[phrase.words.lowerBound..<w].map(\.text).joined(separator: " ")
            return candidate(.phrase, value: word, text: word, words: w..<(w + 1), line: line, index: index,
                             label: before.isEmpty ? label : before)
        }
    }

    /// US tax and claim form numbers: W-2, W-2G, W-9, 1099-NEC, 1098-T, 1040-SR, 1095-A, CMS-1500, UB-04 …
    static func isFormNumber(_ word: String) -> Bool {
        word.range(of: #"^(W-2G?|W-[3489]|1099-[A-Z]{1,4}|1098(-[A-Z]{1,2})?|1040(-[A-Z]{1,2})?|1095-[ABC]|1120S?|941|940|SS-4|CMS-1500|UB-04)$"#,
                   options: .regularExpression) != nil
    }
}
