import Foundation

/// What a text field's value looks like on the page, from the schema's `x-shape`. A field head
/// only scores candidates of its shape: without this, a row of dashes could be a vendor name and
/// "Description" an invoice number, and the heads (trained on generated layouts) did pick such
/// values on real invoices. The rules are loose on purpose: they remove what can never be the
/// value, and leave choosing among the rest to the heads.
public enum ValueShape: String, Sendable, Equatable {
    /// A person's or an organisation's name: mostly letters, a few words, no e-mail or web
    /// address, no separators between parts of a line, not a sentence.
    case name
    /// A document's number or code (invoice, claim, member, order): holds a digit, a few words at most.
    case identifier
    /// A tax number (VAT ID, EIN, SSN, national tax numbers): mostly digits, optionally a country prefix.
    case taxID = "tax_id"
    /// An amount printed as money (cents or a currency beside it): a bare "11" in a table is a
    /// quantity far more often than a tax amount.
    case money
    /// A word or a few naming a kind of thing (how a receipt was paid: "VISA", "Cash",
    /// "Girocard"): mostly letters, never a typed date or amount. Without it the payment method
    /// of till receipts was the amount printed beside it ("13,30").
    case words

    public func admits(_ candidate: FieldCandidate) -> Bool {
        switch self {
        case .name: return !candidate.isTypedValue && Self.looksLikeName(candidate.value)
        // "$80.80" is an amount, whatever its label says ("Item purchase").
        // A date or a price a recognizer typed ("15-10-2015", "Rs 1939") is not a document's number.
        // Nor is a post office box, whole ("PO Box 16122") or its number under the label "PO Box".
        // Nor a phone number or a ZIP+4 code (forms print help lines: "call 1-800-827-1000").
        case .identifier: return !candidate.isTypedDateOrMoney && Self.looksLikeIdentifier(candidate.value)
            && !Self.holdsCurrencySign(candidate.value) && !Self.isPostOfficeBox(candidate.value)
            && !Self.isPostOfficeBox(candidate.label + " " + candidate.value) && !Self.looksLikePhoneOrPostalCode(candidate.value)
        case .taxID: return candidate.kind == .ssn || candidate.kind == .ein
            || (!candidate.isTypedDateOrMoney && Self.looksLikeTaxID(candidate.value) && !Self.looksLikePhoneOrPostalCode(candidate.value) && !Self.looksLikeFormControlNumber(candidate.value))
        case .money: return candidate.looksLikeMoney
        case .words:
            let visible = candidate.value.filter { !$0.isWhitespace }
            return !candidate.isTypedDateOrMoney && visible.filter(\.isLetter).count * 2 > visible.count
                && candidate.value.split(whereSeparator: \.isWhitespace).count <= 4
        }
    }

    /// A form's ticked option: a check mark first, or after a box code, and words after it
    /// ("H1 X Domestic partner", "X Individual", "☒ Self"): the option's caption, no name. A
    /// legal form alone after the mark is a name ("X Corp.").
    static func isTickedOption(_ words: [Substring]) -> Bool {
        let marks: Set<String> = ["x", "☒", "☑", "✓", "✔", "✗", "✘"]
        let isBoxCode = { (word: Substring) in word.count <= 3 && (word.count == 1 || word.contains(where: \.isNumber)) && word.allSatisfy { $0.isLetter || $0.isNumber } }
        guard let mark = words.prefix(2).firstIndex(where: { marks.contains($0.lowercased()) }),
              mark == 0 || isBoxCode(words[0]) else { return false }
        let caption = words[(mark + 1)...]
        return !caption.isEmpty && !caption.allSatisfy { FieldCandidate.legalForms.contains($0.lowercased()) }
    }

    static func looksLikeName(_ value: String) -> Bool {
        let visible = value.filter { !$0.isWhitespace }
        let letters = visible.filter(\.isLetter).count
        guard letters >= 2, letters * 2 >= visible.count else { return false }
        let words = value.split(whereSeparator: \.isWhitespace)
        guard words.count <= 6, !words.contains(where: { DocumentLayout.isSeparator(String($0)) }) else { return false }
        // A sentence, not a name: several words ending in a full stop after a long word
        // ("… werden nicht akzeptiert."), where names end in "Inc." or "Co.".
        if words.count > 3, let last = words.last, last.hasSuffix("."), last.count > 5 { return false }
        // Words of a sentence, not a name: after the first word, two or more that start in lower
        // case ("Les montants unitaires étant arrondis", "Removed debris from case"). Small words
        // and legal forms do not count: "Bank of America", "Gesellschaft für angewandte Physik mbH".
        if words.count >= 3, words.dropFirst().filter({ word in
            let lower = word.lowercased()
            return word.first?.isLowercase == true && !nameParticles.contains(lower) && !FieldCandidate.legalForms.contains(lower)
        }).count >= 2 { return false }
        // A phrase wholly in parentheses is an aside: a caption under a signature line
        // ("(Authorized Signatory)", Flipkart's second customer candidate), a former name, a note.
        if value.hasPrefix("("), value.hasSuffix(")") { return false }
        if isTickedOption(words) { return false }
        // Four digits in a row are a postal code, a street number range or a phone: an address line.
        if value.range(of: #"\d{4}"#, options: .regularExpression) != nil { return false }
        // Digits in groups ("B 421 938 861 RCS Paris", "Tel 030 12 34 56") are a registration
        // or a phone number; names hold a few digits at most ("1&1 Internet AG", "3M").
        if value.filter(\.isNumber).count > 4 { return false }
        // Payment terms ("Net 30 days", "14 Tage netto", "30 jours fin de mois"): a count of days.
        if value.range(of: #"\d+ (days?|tage[n]?|jours?|dagen|giorni|días)\b"#, options: [.regularExpression, .caseInsensitive]) != nil { return false }
        // A currency sign is a column heading or an amount ("Total € Incl. VAT"), never in a name.
        if holdsCurrencySign(value) { return false }
        // Nothing but label words ("Rechnungssumme brutto", "Bill To"): a label, never a name.
        if LabelGlossary.labelCoverage(of: value) >= 1 { return false }
        // The country line that closes an address block ("Australia", "Deutschland").
        if countries.contains(LabelGlossary.normalize(value)) { return false }
        if looksLikeStreet(words) || looksLikeStreetName(words) { return false }
        // A day and a month without a year ("February 17", "17. März"): a date the date
        // recognizer leaves alone, printed in a heading or a period.
        if looksLikeDayAndMonth(words) { return false }
        // A greeting or a thank-you ("Greetings from Amazon Web Services", "Dear customer"),
        // however many names it holds.
        if let first = words.first, salutations.contains(first.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",!"))) {
            return false
        }
        // A contact line ("z. Hd. Herr Mustermann", "Attn: Jane Roe", "t.a.v. de heer Smit"):
        // the party's name is the line above it, and the marker is never part of a name.
        let normalized = LabelGlossary.normalize(value)
        if attentionMarkers.contains(where: { normalized == $0 || normalized.hasPrefix($0 + " ") }) { return false }
        // A currency code as a word ("MwSt. EUR", a column heading) is never in a name.
        if words.contains(where: { currencyCodes.contains(String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".,:()"))) }) { return false }
        // Words of a sentence that opens with a preposition ("Au verso", "Pour", "for details"):
        // a name may start with one only when a capitalised word follows ("On Running AG").
        if let first = words.first, prepositions.contains(first.lowercased()),
           words.count == 1 || words[1].first?.isLowercase == true { return false }
        // A label and its value ("SWIFT HELADEF1GEL", "Registergericht Hanau", "Tel 0800 …"):
        // what follows a number's or a register's label is that number or place.
        if words.count >= 2, let gloss = LabelGlossary.leadingGloss(of: value) {
            if labelsOfCodes.contains(gloss) { return false }
            // An amount's label running on in lower case ("Total for this", "Tax on shipping")
            // labels a line; "Total Energies SE" is capitalised.
            if labelsOfAmounts.contains(gloss), words[1].first?.isLowercase == true { return false }
        }
        // A department ("Geschäftsstelle Sonderkunden", "Customer Service", "Free Service
        // Abonné"): part of a party, printed under or after its name, never the name.
        if departmentOpenings.contains(where: { normalized == $0 || normalized.hasPrefix($0 + " ") || normalized.hasSuffix(" " + $0) }) {
            return false
        }
        // Two document titles ("Retail Invoices/Bill"): a heading of the document's kind.
        let titles = words.flatMap { $0.split(separator: "/") }.filter { word in
            let lower = word.lowercased()
            return DocumentLayout.documentTitles.contains(lower) || (lower.hasSuffix("s") && DocumentLayout.documentTitles.contains(String(lower.dropLast())))
        }
        if titles.count >= 2 { return false }
        // The heading of an address block ("Adresse de l'installation", "Address of service"):
        // the name comes under it.
        if let first = words.first, ["address", "adresse", "anschrift", "adres"].contains(first.lowercased()) { return false }
        // Headings of a table or a section ("Detail", "Summary", "Modes de règlement", "Invoice
        // Summary"): heading words, small words and label words only. The heads scored such
        // words as vendors on real invoices whose logo is a picture.
        // "Prix unitaire/mois": a heading's words may be joined by a slash.
        let rest = words.flatMap { $0.split(separator: "/") }.filter { word in
            let lower = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".:,"))
            return !headingWords.contains(lower) && !nameParticles.contains(lower) && !isHeadingCompound(lower)
        }
        if rest.isEmpty || (rest.count < words.count && LabelGlossary.labelCoverage(of: rest.joined(separator: " ")) >= 1) { return false }
        // A line that opens with a number is an address ("93B Sai Yu Chung", "3/64, Vishwas
        // Khand"), unless a legal form makes it a company ("3M Company", "1&1 Internet AG").
        if words.first?.first?.isNumber == true, !words.contains(where: { FieldCandidate.legalForms.contains($0.lowercased()) }) {
            return false
        }
        // Words of a sentence ("for details", "box/price tag"): a name holds a capital letter,
        // or is written as its domain ("weclapp.com"), with a dot inside a word. A word ending
        // a sentence ("encaissements.") is not a domain.
        guard value.contains(where: \.isUppercase) || holdsInnerDot(value) else { return false }
        // What a page prints about itself: its number ("Seite 2", "Page 1 of 3") or which copy
        // it is ("Original", "Duplicata").
        if looksLikePageMark(words) { return false }
        // A footnote or a bullet ("*Keep this invoice", "• Téléphone"), not a name.
        guard let first = value.first, first.isLetter || first.isNumber || "\"'(".contains(first) else { return false }
        // A phrase in quotes is a title cited ("\"Brochure tarifaire\""), not a name.
        if let last = value.last, value.count > 2, "\"“”«»".contains(first), "\"“”«»".contains(last) { return false }
        let lower = value.lowercased()
        return !lower.contains("@") && !lower.contains("http") && !lower.contains("www.")
            && !value.contains(where: { "%_<>".contains($0) })
    }

    static let attentionMarkers = ["z hd", "zhd", "zu händen", "attn", "attention", "c o", "à l'attention de", "a l'attention de",
                                   "t a v", "tav", "ter attentie van"]
    /// Upper case only: "Eur" or "eur" might be a word of a name, "EUR" is the currency.
    static let currencyCodes: Set<String> = ["EUR", "USD", "GBP", "CHF", "INR", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK"]
    static let prepositions: Set<String> = ["au", "aux", "pour", "sur", "par", "avec", "dans", "chez", "for", "with", "from",
                                            "on", "in", "at", "by", "to", "für", "mit", "bei", "auf", "zum", "zur", "voor", "met",
                                            "bij", "op", "naar"]

    /// Labels of numbers, codes and register entries (`LabelGlossary`), which open no name.
    static let labelsOfCodes: Set<String> = ["bank BIC code", "bank sort code", "bank account IBAN", "company register entry",
                                             "VAT tax identification number", "phone number", "email address"]
    static let labelsOfAmounts: Set<String> = ["total amount due", "subtotal net amount before tax", "tax amount"]
    /// How a department's name opens, in the languages invoices come in (normalized).
    static let departmentOpenings = ["abteilung", "department", "dept", "geschäftsstelle", "geschäftsbereich", "kundenservice",
                                     "kundendienst", "customer service", "customer care", "service client", "service clients",
                                     "service clientèle", "service abonné", "service abonnés", "buchhaltung", "accounts payable",
                                     "accounts receivable", "afdeling", "klantenservice"]

    /// A German compound ending in a column's heading word: "VK-Preis", "Stückpreis",
    /// "Zeilenbetrag", "Gesamtbeträge".
    static func isHeadingCompound(_ lower: String) -> Bool {
        ["preis", "betrag", "beträge", "summe", "menge"].contains { lower.hasSuffix($0) && lower.count > $0.count + 1 }
    }

    static func holdsCurrencySign(_ value: String) -> Bool { value.contains { "€$£¥₹".contains($0) } }

    /// Small words inside names, in the languages invoices come in.
    static let nameParticles: Set<String> = ["of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "les", "et", "d'",
                                             "der", "die", "das", "und", "für", "von", "vom", "zu", "zum", "am", "im", "an",
                                             "van", "den", "het", "en", "voor", "y", "da", "di", "del", "e"]

    /// A dot between two letters, as in a domain: "weclapp.com", not "Ltd." or "etc.".
    static func holdsInnerDot(_ value: String) -> Bool {
        let chars = Array(value)
        return chars.indices.dropFirst().dropLast().contains { chars[$0] == "." && chars[$0 - 1].isLetter && chars[$0 + 1].isLetter }
    }

    /// Words a page prints about itself, in the languages invoices come in.
    static let pageWords: Set<String> = ["page", "seite", "blatt", "pagina", "página", "pag", "p", "s", "bl"]
    static let copyMarks: Set<String> = ["original", "copy", "duplicate", "kopie", "duplikat", "zweitschrift", "abschrift",
                                         "copie", "duplicata", "exemplaire", "kopij", "duplicaat", "origineel"]

    /// What stands between a page's number and the count: "1 of 3", "2 von 4", "1 / 2".
    static let pageJoiners: Set<String> = ["of", "von", "de", "sur", "van", "/"]

    /// "Seite 2", "Page 1 of 3", "Page 1/2", "Blatt 2 von 4", or a copy mark on its own.
    static func looksLikePageMark<S: StringProtocol>(_ words: [S]) -> Bool {
        let lower = words.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".:,")) }
        if lower.count == 1, copyMarks.contains(lower[0]) { return true }
        guard let first = lower.first, pageWords.contains(first), lower.count >= 2, lower.count <= 4 else { return false }
        return lower.dropFirst().allSatisfy { word in pageJoiners.contains(word) || word.allSatisfy { $0.isNumber || $0 == "/" } }
    }

    /// Country names as address blocks print them, in the languages invoices come in.
    static let countries: Set<String> = [
        "australia", "austria", "österreich", "autriche", "belgium", "belgien", "belgique", "belgië", "canada", "china",
        "denmark", "dänemark", "danemark", "finland", "finnland", "france", "frankreich", "frankrijk", "germany",
        "deutschland", "allemagne", "duitsland", "india", "indien", "inde", "ireland", "irland", "irlande", "italy",
        "italien", "italie", "italia", "japan", "japon", "luxembourg", "luxemburg", "netherlands", "the netherlands",
        "niederlande", "pays bas", "nederland", "new zealand", "norway", "norwegen", "poland", "polen", "pologne",
        "portugal", "singapore", "spain", "spanien", "espagne", "españa", "spanje", "sweden", "schweden", "suède",
        "switzerland", "schweiz", "suisse", "svizzera", "zwitserland", "united kingdom", "uk", "great britain",
        "england", "royaume uni", "vereinigtes königreich", "united states", "united states of america", "usa", "us",
        "états unis", "vereinigte staaten", "verenigde staten", "hong kong", "mexico", "brazil", "brasil", "south africa",
        "israel", "united arab emirates", "uae", "czech republic", "hungary", "greece", "turkey", "south korea", "taiwan",
    ]

    /// Endings of street names in the languages invoices come in ("Rabattstr.", "Feldstraße",
    /// "Main St", "rue", "Kerkstraat").
    static let streetEndings = ["str", "straße", "strasse", "weg", "gasse", "platz", "allee", "damm", "street", "st", "avenue",
                                "ave", "road", "rd", "blvd", "boulevard", "lane", "ln", "drive", "suite", "rue", "chemin",
                                "straat", "laan", "plein", "gracht", "kade", "dijk", "steeg"]

    /// A house number beside a street word: "Rabattstr. 25", "12 Main St", "5 rue Lepic".
    static func looksLikeStreet<S: StringProtocol>(_ words: [S]) -> Bool {
        let hasNumber = words.contains { word in word.count <= 6 && word.first?.isNumber == true }
        guard hasNumber else { return false }
        return words.contains { word in
            let lower = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
            return streetEndings.contains { ending in lower == ending || (ending.count >= 3 && lower.hasSuffix(ending) && lower.count > ending.count + 2) }
        }
    }

    /// A street without its number, on a line of its own: ending in a street word ("Station
    /// Road", "Hauptstraße", "Rabattstr.") or opening with one ("Rue de la Paix"), unless a legal
    /// form makes it a company ("Abbey Road Ltd").
    static func looksLikeStreetName<S: StringProtocol>(_ words: [S]) -> Bool {
        let lower = words.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
        guard let last = lower.last, let first = lower.first, !lower.contains(where: FieldCandidate.legalForms.contains) else { return false }
        if lower.count >= 2, streetsFirst.contains(first) { return true }
        return streetsLast.contains(last) || ["straße", "strasse", "str."].contains { last.hasSuffix($0) && last.count > $0.count + 2 }
    }

    static let streetsLast: Set<String> = ["road", "street", "avenue", "lane", "boulevard", "drive", "straße", "strasse", "str.",
                                           "gasse", "allee", "straat", "laan"]
    static let streetsFirst: Set<String> = ["rue", "chemin", "impasse", "allée", "via"]

    /// A month name beside a day number, in at most three words: "February 17", "17. März", "1er juin".
    static func looksLikeDayAndMonth<S: StringProtocol>(_ words: [S]) -> Bool {
        guard (2...3).contains(words.count) else { return false }
        let lower = words.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,")) }
        let day = lower.contains { word in
            let digits = word.prefix { $0.isNumber }
            return (1...2).contains(digits.count) && ["", "st", "nd", "rd", "th", "er"].contains(String(word.dropFirst(digits.count)))
        }
        return day && lower.contains { DateRecognizer.months[$0] != nil }
    }

    /// First words of a greeting, in the languages invoices come in.
    static let salutations: Set<String> = ["greetings", "hello", "hi", "dear", "thank", "thanks", "welcome", "sehr", "liebe",
                                           "lieber", "hallo", "vielen", "danke", "bonjour", "merci", "cher", "chère", "geachte",
                                           "beste", "bedankt", "hartelijk"]

    /// Words that head a table's columns or a section of an invoice, in the languages invoices
    /// come in. A phrase of nothing else (besides small words) is a heading, never a name.
    static let headingWords: Set<String> = [
        "description", "detail", "details", "summary", "product", "products", "item", "items", "quantity", "qty", "unit",
        "units", "rate", "price", "amount", "service", "services", "notes", "note", "remarks", "comments", "hours",
        "beschreibung", "bezeichnung", "artikel", "menge", "einheit", "preis", "einzelpreis", "betrag", "position", "pos",
        "leistung", "leistungen", "anzahl", "désignation", "quantité", "qté", "prix", "unitaire", "montant", "détail",
        "récapitulatif", "virement", "chèque", "règlement", "modes", "mode", "omschrijving", "aantal", "prijs", "eenheid",
        "bedrag", "title", "titel", "titre", "mois", "month", "monat", "caisse", "kasse", "kassa",
    ]

    /// How a post office box opens: the glossary's wordings, and the French "BP", which the
    /// glossary leaves out because two capitals alone label too many other things.
    static let postOfficeBoxWordings: [String] =
        (LabelGlossary.concepts.first { $0.gloss == "post office box of an address" }?.wordings ?? []) + ["bp"]

    /// "PO Box 16122", "P.O. Box 7", "Postfach 10 20 30", "BP 45", "Postbus 12".
    static func isPostOfficeBox(_ value: String) -> Bool {
        let lower = LabelGlossary.normalize(value)
        return postOfficeBoxWordings.contains { lower.hasPrefix($0 + " ") }
    }

    /// Every word holds a digit, or is a short prefix ("No", "#", "A"): "12345 Papierfeld" and
    /// "Feldstraße 39" are addresses. Two characters at least.
    static func looksLikeIdentifier(_ value: String) -> Bool {
        // One character ("1", a quantity or a position) numbers no document in any labelled set.
        guard value.contains(where: \.isNumber), (2...40).contains(value.count), !value.contains("@"),
              balancesBrackets(value) else { return false }
        let words = value.split(whereSeparator: \.isWhitespace)
        return words.count <= 3 && words.allSatisfy { $0.contains(where: \.isNumber) || $0.count <= 3 }
    }

    /// Whether every closing parenthesis or bracket has its opening one, and the reverse: a
    /// value cut out of "(version 01/18)" is "01/18)", a piece of a note, never a number.
    static func balancesBrackets(_ value: String) -> Bool {
        var depth = 0
        for character in value {
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    /// Eight to fifteen digits, at most two leading letters (a VAT country prefix), and only
    /// separators besides: DE123456789, GB98/765/43210, 12-3456789, 123/456/78901.
    static func looksLikeTaxID(_ value: String) -> Bool {
        guard balancesBrackets(value) else { return false }
        // A date among the groups ("211261 11-28-22", a form's print code and date) is no part
        // of a tax number, whose groups are digits the recognizers read as nothing.
        if value.split(whereSeparator: \.isWhitespace).contains(where: { token in
            DateRecognizer.find(in: String(token)).contains { $0.text.count == token.count }
        }) { return false }
        let compact = value.filter { !$0.isWhitespace }
        let digits = compact.filter(\.isNumber).count
        guard (8...15).contains(digits), compact.count <= 20 else { return false }
        let prefix = compact.prefix { $0.isLetter }
        guard prefix.count <= 2 || (prefix.count <= 4 && prefix.allSatisfy(\.isUppercase)) else { return false }
        return compact.dropFirst(prefix.count).allSatisfy { $0.isNumber || "-/.".contains($0) || $0.isUppercase }
    }
}
