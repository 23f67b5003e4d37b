import Foundation
import Parsing

extension DocumentLayout {
    /// Shorter candidates inside one phrase, for values printed without a gap to what surrounds
    /// them:
    /// - a label and its value in one run of words, "Rechnung RE1001", "Invoice No. 12345",
    ///   "USt-IdNr. DE238574172": the trailing words that hold digits become a candidate labelled
    ///   by the words before them, and so does a number glued to its mark ("n°562044387");
    /// - parts of a line joined by separators, "Kraxi GmbH · Flugzeugallee 17 · 12345 Papierfeld"
    ///   (the sender line above an address window): each part becomes a candidate;
    /// - a name that runs on into the words after it: up to its legal form ("Free SAS au capital
    ///   de …" gives "Free SAS"), or without a document title printed beside it ("Amazon Web
    ///   Services Invoice" gives "Amazon Web Services").
    static func phraseParts(_ phrase: PageLine.Phrase, of line: PageLine, index: Int, label: String) -> [FieldCandidate] {
        let words = Array(phrase.words)
        guard words.count > 1 else { return [] }
        var found: [FieldCandidate] = []
        func text<S: Sequence<Int>>(_ indices: S) -> String { indices.map { line.words[$0].text }.joined(separator: " ") }

        // The label-value split: a label of letters only, then a value of words with digits.
        var valueStart = words.lastIndex { !line.words[$0].text.contains(where: \.isNumber) }.map { $0 + 1 } ?? 0
        // A VAT number's country prefix printed apart from its digits belongs to the value
        // ("UStId DE 232 446 240", "TVA FR 604 219 388 61": up to four groups of digits).
        let prefixed = valueStart >= 2 && valueStart < words.count && vatPrefixes.contains(line.words[words[valueStart - 1]].text)
        if prefixed { valueStart -= 1 }
        if valueStart > 0, valueStart < words.count, words.count - valueStart <= (prefixed ? 5 : 3) {
            let labelText = text(words[..<valueStart])
            if labelText.contains(where: \.isLetter) {
                let valueRange = words[valueStart]..<(words[words.count - 1] + 1)
                let value = phraseValue(text(valueRange))
                let inPhraseLabel = labelText.trimmingCharacters(in: CharacterSet(charactersIn: ":#. "))
                found.append(candidate(.phrase, value: value, text: value, words: valueRange, line: line, index: index,
                                       label: inPhraseLabel))
            }
        }

        // A number glued to its mark inside a longer phrase ("Facture n°562044387 du 02 Juillet").
        for (position, w) in words.enumerated() where position > 0 {
            let printed = line.words[w].text
            let value = phraseValue(printed)
            guard value != printed, value.count >= 3, !printed.hasSuffix(",") && !printed.hasSuffix(";") else { continue }
            found.append(candidate(.phrase, value: value, text: printed, words: w..<(w + 1), line: line, index: index,
                                   label: text(words[..<position])))
        }

        // A card's name before its masked number ("VISA **** 4417", "Mastercard XXXX1234"): what
        // a till prints for the means of payment.
        if let mask = words.firstIndex(where: { isMaskedNumber(line.words[$0].text) }), mask > 0,
           words[..<mask].allSatisfy({ !line.words[$0].text.contains(where: \.isNumber) }) {
            let value = text(words[..<mask])
            found.append(candidate(.phrase, value: value, text: value, words: words[0]..<words[mask], line: line, index: index, label: label))
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
            let value = phraseValue(text(part))
            found.append(candidate(.phrase, value: value, text: value, words: part, line: line, index: index, label: label))
        }
        for part in (parts.count > 1 ? parts : [words[0]..<(words[words.count - 1] + 1)]) {
            guard let name = nameInside(part, of: line) else { continue }
            let value = phraseValue(text(name))
            found.append(candidate(.phrase, value: value, text: value, words: name, line: line, index: index, label: label))
        }
        return found
    }

    /// A card number printed masked: asterisks or x's, alone or before the last digits.
    static func isMaskedNumber(_ word: String) -> Bool {
        let masks = word.prefix { $0 == "*" || $0 == "x" || $0 == "X" || $0 == "•" }
        return masks.count >= 3 && word.dropFirst(masks.count).allSatisfy(\.isNumber)
    }

    /// The leading words of a run that name an organisation: up to a legal form within the first
    /// six words when more words follow it, up to a comma there, or all but a document title at
    /// the run's end (a word of `documentTitles`, or any type's title wording).
    static func nameInside(_ run: Range<Int>, of line: PageLine) -> Range<Int>? {
        guard run.count > 1 else { return nil }
        let texts = run.map { line.words[$0].text.trimmingCharacters(in: CharacterSet(charactersIn: ",;")).lowercased() }
        if var form = texts.prefix(6).dropFirst().firstIndex(where: { FieldCandidate.legalForms.contains($0) }), form < texts.count - 1 {
            // "GmbH & Co. KG" is one legal form (text layers may print "&Co.").
            if texts.count > form + 2, texts[form + 1] == "&", ["co.", "co"].contains(texts[form + 2]) {
                form += 2
            } else if texts.count > form + 1, ["&co.", "&co"].contains(texts[form + 1]) {
                form += 1
            }
            if texts.count > form + 1, ["&co.", "co.", "co"].contains(texts[form]), ["kg", "ohg", "kgaa"].contains(texts[form + 1]) { form += 1 }
            guard form < texts.count - 1 else { return nil }
            return run.lowerBound + nameStart(texts[...form])..<(run.lowerBound + form + 1)
        }
        // A name of two or more words set off by a comma: "Lumen Diagnostics, Rue de la Paix 31, 34597 Lyon",
        // or of one word when it is written as a domain: "doronvi.de, Rue de la Paix 110".
        if let comma = run.prefix(6).dropLast().firstIndex(where: { line.words[$0].text.hasSuffix(",") }),
           comma > run.lowerBound || NameMentions.domain(in: String(line.words[comma].text.dropLast())) != nil {
            return run.lowerBound..<(comma + 1)
        }
        if documentTitles.contains(texts[texts.count - 1]), texts.count <= 7 {
            return run.lowerBound..<(run.upperBound - 1)
        }
        // A title of several words ("Northgate Reference Laboratory  Laboratory report").
        if texts.count <= 8, let title = trailingTitleWords(texts), title < texts.count {
            return run.lowerBound..<(run.upperBound - title)
        }
        return nil
    }

    /// How many words at the end of a run are a document's title in any type's wording
    /// (`TypeTitles.wordings`: "laboratory report", "laborbefund", "tax invoice"), if any.
    static func trailingTitleWords(_ texts: [String]) -> Int? {
        titleWords.filter { $0.count < texts.count && Array(texts.suffix($0.count)) == $0 }.map(\.count).max()
    }

    /// Every type's title wordings as words, split once.
    static let titleWords = TypeTitles.wordings.values.joined().map { $0.split(separator: " ").map(String.init) }

    /// Where a name ending in a legal form starts when a sentence names the company: after the
    /// last article before it ("Verschulden der QualityHosting AG berechnen wir …", "haftet die
    /// Kraxi GmbH nur …", "liable to the Acme Inc. for …"). An article that opens the run stays
    /// ("The Home Depot Inc."), and so does one after a nobiliary particle ("Van der Valk B.V.").
    /// `texts` are the run's words, lowercased, through the legal form.
    static func nameStart(_ texts: ArraySlice<String>) -> Int {
        let start = texts.startIndex
        guard let article = texts.dropLast(2).lastIndex(where: { sentenceArticles.contains($0) }), article > start else {
            return 0
        }
        if ["van", "von", "vom", "zur", "zum"].contains(texts[article - 1]) { return 0 }
        return article + 1 - start
    }

    /// Articles that put a company's name in a sentence (German, English, Dutch). French ones are
    /// left out, as are "de" and "of": they join the words of names ("Compagnie des Alpes SA",
    /// "Banque de France SA", "Bank of America Corp.").
    static let sentenceArticles: Set<String> = ["der", "die", "das", "dem", "den", "the", "het"]

    /// The country prefixes of European VAT numbers (Greece prints EL), and GB, CH.
    static let vatPrefixes: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
        "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "GB", "CH", "XI",
    ]

    /// Words that title a document and are printed beside the issuer's name.
    static let documentTitles: Set<String> = [
        "invoice", "rechnung", "facture", "factuur", "fattura", "factura", "receipt", "quittung", "reçu", "kassenbon",
        "bon", "statement", "kontoauszug", "relevé", "afschrift", "bill",
    ]

    /// A phrase's value without the marks around it: a number sign before an identifier
    /// ("# BLR_WFLD2015", "n°562044387") and a comma or semicolon after the last word.
    static func phraseValue(_ text: String) -> String {
        var value = Substring(text)
        while let last = value.last, last == "," || last == ";" { value = value.dropLast() }
        if let mark = ["#", "№", "n°", "nº", "N°", "Nº"].first(where: { value.hasPrefix($0) }) {
            let rest = value.dropFirst(mark.count).drop { $0 == " " }
            if rest.contains(where: \.isNumber) { value = rest }
        }
        return String(value.trimmingCharacters(in: .whitespaces))
    }

    static func isSeparator(_ word: String) -> Bool {
        ["·", "|", "•", "–", "—", "−", "/", "-"].contains(word)
    }
}
