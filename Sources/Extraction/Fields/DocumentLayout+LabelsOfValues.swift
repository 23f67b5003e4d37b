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
    mutating func markLabelsOfValues() {
        struct LineLabel: Hashable { var line: Int; var text: String }
        // Labels of values (dates, amounts, identifiers), and labels of words: a till's "CASH
        // 10.00" labels an amount and is the means of payment, an A4 receipt's "Paiement  VISA"
        // labels the means of payment.
        var labels = Set<LineLabel>(), wordLabels = Set<LineLabel>()
        for c in candidates where !c.label.isEmpty && c.line < lines.count {
            let ofValue = c.kind != .phrase || ValueShape.looksLikeIdentifier(c.value)
            let ofWords = c.kind == .phrase && c.value.contains(where: \.isLetter)
            guard ofValue || ofWords, lines[c.line].phrases.contains(where: { $0.text == c.label && $0.x1 <= c.bbox[0] + 1 }) else { continue }
            if ofValue { labels.insert(LineLabel(line: c.line, text: c.label)) }
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
}
