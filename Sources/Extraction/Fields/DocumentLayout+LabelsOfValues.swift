import Foundation

extension DocumentLayout {
    /// Marks the phrases printed left of a date, an amount or an identifier on their line
    /// ("Né(e) le  14/10/2007", "Identifiant assuré  MBR12345678"): labels, however much they
    /// read like a name, so no field takes them. Held-out patient records lost their patient's
    /// name to "Né(e) le", whose label above is "Nom du patient".
    ///
    /// Only labels to the left count: the line over a street is the name of the address, not
    /// its label; and a street after a name on its line ("Beispiel AG   Somestreet 42") is no
    /// identifier.
    ///
    /// Nor is a phrase beside an identifier or a date when each has its own heading over it: a
    /// row of values under a row of headings ("Bill to  VAT ID  PO number" over "Sonnental Retail
    /// Corp.  DE886706783  PO-673830"). The customer's name was that row's "label" of the VAT
    /// number, so no field could take it; a third of the generated invoices that print their
    /// parties this way lost their customer. Amounts keep the rule: a table row's description
    /// labels its price, whatever heads the columns, unless the "amount" is the digits of an
    /// identifier (886706783 in DE886706783) or of a typed date, EIN or SSN (`partOfTypedValue`).
    /// Needs `labelOver` (`markLabelsOver`).
    mutating func markLabelsOfValues() {
        struct LineLabel: Hashable { var line: Int; var text: String }
        // Labels of values (dates, amounts, identifiers), and labels of words: a till's "CASH
        // 10.00" labels an amount and is the means of payment, an A4 receipt's "Paiement  VISA"
        // labels the means of payment.
        var labels = Set<LineLabel>(), wordLabels = Set<LineLabel>()
        for c in candidates where !c.label.isEmpty && c.line < lines.count {
            let ofValue = c.kind != .phrase || ValueShape.looksLikeIdentifier(c.value)
            let ofWords = c.kind == .phrase && c.value.contains(where: \.isLetter)
            guard ofValue || ofWords, let phrase = lines[c.line].phrases.first(where: { $0.text == c.label && $0.x1 <= c.bbox[0] + 1 }) else { continue }
            let tableAmount = c.kind == .amount && !partOfLongerWord(c) && !partOfTypedValue(c)
            if ofValue, tableAmount || !underOwnHeading(c, beside: phrase) { labels.insert(LineLabel(line: c.line, text: c.label)) }
            if ofWords { wordLabels.insert(LineLabel(line: c.line, text: c.label)) }
        }
        func marked(_ c: FieldCandidate, in set: Set<LineLabel>) -> Bool {
            set.contains(LineLabel(line: c.line, text: c.text)) || set.contains(LineLabel(line: c.line, text: c.value))
        }
        for i in candidates.indices where candidates[i].kind == .phrase && !candidates[i].value.contains(where: \.isNumber) {
            candidates[i].labelsAValue = marked(candidates[i], in: labels)
            candidates[i].labelsWords = marked(candidates[i], in: wordLabels)
        }
    }

    /// Whether the value at `c` and the phrase left of it each stand under a heading of their
    /// own: two cells of a row under a row of headings, not a label and its value.
    func underOwnHeading(_ c: FieldCandidate, beside phrase: PageLine.Phrase) -> Bool {
        guard !c.labelOver.isEmpty else { return false }
        let heading = Self.labelAbove(lines, c.line, x0: phrase.x0, x1: phrase.x1)
        return !heading.isEmpty && heading != c.labelOver
    }

    /// Whether the candidate is the digits of a longer word printed at its place that letters
    /// make an identifier: a VAT or order number (DE886706783, PO-673830), not a price with its
    /// currency ("$2.22", "EUR12.50", "Rs1939").
    func partOfLongerWord(_ c: FieldCandidate) -> Bool {
        lines[c.line].words.contains { word in
            guard word.x0 <= c.bbox[0] + 1, word.x1 >= c.bbox[2] - 1, word.text.count > c.text.count else { return false }
            let letters = word.text.filter(\.isLetter).uppercased()
            return letters.count >= 2 && !AmountRecognizer.currencyLetters.contains(letters)
        }
    }

    /// Whether the amount lies inside a value a recognizer typed on its line: the year or day of
    /// a date ("1975" of "1975-12-10", "6" of "6. Juni 1995"), the digits of an EIN or SSN
    /// ("2492284" of "26-2492284"). Such digits are no table row's price, so the name left of
    /// the value is no label: tax forms and patient records print "Payer's name  Payer's TIN"
    /// over "Marlin Handel PLC  26-2492284".
    func partOfTypedValue(_ c: FieldCandidate) -> Bool {
        candidates.contains { other in
            other.line == c.line && other.kind != .amount && other.kind != .phrase
                && other.bbox[0] <= c.bbox[0] + 1 && other.bbox[2] >= c.bbox[2] - 1
        }
    }
}
