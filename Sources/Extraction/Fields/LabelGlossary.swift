import Foundation

/// What a printed label means, in plain English, for the labels documents use in English,
/// German, French and Dutch. The encoder was trained on English, so "Endsumme" or "Échéance"
/// alone embed near nothing useful; the gloss is embedded with the label ("Endsumme (total
/// amount due)"), so a head trained mostly on English wordings reads the others too.
///
/// This is a lexical input of the trained heads, not a rule: nothing is decided by a match,
/// and a label the glossary does not know is embedded as printed.
public enum LabelGlossary {
    /// Concept → wordings. Wordings are matched as whole words after `normalize`, so "Positionen
    /// netto" meets "netto" and "Rechnungs-Nr." meets "rechnungs nr".
    static let concepts: [(gloss: String, wordings: [String])] = [
        ("invoice number", [
            "invoice number", "invoice no", "invoice nr", "invoice #", "inv no", "inv #", "bill no", "bill number",
            "rechnungsnummer", "rechnung nr", "rechnungs nr", "rechnungsnr", "re nr", "beleg nr", "belegnummer", "belegnr",
            "numéro de facture", "facture n°", "n° de facture", "n° facture", "facture no", "no de facture",
            "factuurnummer", "factuur nr", "factuurnr", "rechnung", "invoice", "facture", "factuur",
        ]),
        // A credit note or a corrected invoice names the invoice it refers to: its number and
        // date are another invoice's ("DATE DE FACTURE ASSOCIÉE : 01/01/2026").
        ("preceding invoice reference", [
            "facture associée", "date de facture associée", "n° de facture associée", "numéro de facture associée",
            "facture d'origine", "facture initiale", "facture de référence", "original invoice", "original invoice number",
            "original invoice date", "referenced invoice", "preceding invoice", "related invoice", "ursprungsrechnung",
            "ursprüngliche rechnung", "bezugsrechnung", "zu rechnung", "originele factuur", "oorspronkelijke factuur",
        ]),
        // The delivery's date, printed beside the invoice's own. (An order date is left out: a
        // web shop's invoice is often dated only by it, as Envato's "Order date: 28 Jan 15".)
        ("delivery date", [
            "delivery date", "date of delivery", "ship date", "shipping date", "date shipped", "lieferdatum", "liefertermin",
            "versanddatum", "date de livraison", "date d'expédition", "leverdatum", "leveringsdatum", "verzenddatum",
        ]),
        ("invoice date", [
            "invoice date", "date of issue", "issue date", "issued", "billing date", "date issued", "belegdatum",
            "rechnungsdatum", "ausstellungsdatum", "date de facture", "date de facturation", "date d'émission", "factuurdatum",
            // A German letter dates itself after its town: "München, den 01.11.2024".
            "den",
        ]),
        ("due date for payment", [
            "due date", "payment due", "pay by", "due", "due by", "fällig am", "fällig", "fälligkeit", "fälligkeitsdatum",
            "zahlbar bis", "zahlungsziel", "date d'échéance", "échéance", "à payer avant le", "date limite de paiement",
            "date limite", "payable le", "vervaldatum", "te betalen voor",
            "uiterste betaaldatum",
        ]),
        ("customer billed", [
            "bill to", "billed to", "sold to", "customer", "invoice to", "client", "rechnungsempfänger", "kunde", "an", "to",
            "aan", "empfänger", "destinataire",
            "attn", "attention", "billing address", "bill to address", "guest name", "member name",
            "rechnungsadresse", "facturé à", "adresse de facturation", "factuur aan", "klant", "factuuradres",
            "customer name", "client name", "subscriber", "subscriber name", "kundenname", "nom du client", "nom de l'abonné",
            "abonné", "klantnaam",
        ]),
        ("customer number", ["customer no", "customer number", "customer id", "id client", "identifiant client", "account no",
                             "kunden nr", "kundennummer", "kundennr", "n° client", "numéro client", "code client", "klantnummer", "klantnr"]),
        // "PO Box 16122" is an address, not a purchase order labelled "PO".
        ("post office box of an address", ["po box", "p o box", "post office box", "postfach", "boîte postale", "postbus"]),
        ("shipping address", ["ship to", "shipped to", "deliver to", "delivery address", "lieferadresse", "lieferanschrift",
                              "adresse de livraison", "livré à", "afleveradres", "leveradres"]),
        // Footers name the issuer's officers: "Vorstand: Christian Heit (Vorsitz)".
        ("company officer or director", ["vorstand", "geschäftsführer", "geschäftsführerin", "geschäftsführung", "aufsichtsrat",
                                         "managing director", "directors", "ceo", "gérant", "gérante", "président",
                                         "bestuurder", "directie", "director", "directeur", "directrice", "direktor",
                                         "chairman", "vorsitz", "vorsitzender"]),
        ("seller", ["from", "seller", "vendor", "supplier", "sold by", "issued by", "billed by", "payable to", "pay to", "remit to",
                    "in favor of", "in favour of", "verkäufer", "lieferant", "fournisseur", "vendeur", "leverancier"]),
        ("VAT tax identification number", [
            "vat number", "vat no", "vat id", "vat reg no", "vat registration number", "vat registration no", "tax id",
            "tax number", "ein", "tin", "ust idnr", "ust id", "ust id nr", "ustidnr", "ustid", "tva intra communautaire", "n° de tva", "gstin",
            "umsatzsteuer id", "umsatzsteuer identifikationsnummer",
            "steuernummer", "st nr", "steuer nr", "n° tva", "numéro de tva", "tva intracommunautaire", "siret", "siren",
            "btw nummer", "btw nr", "btw id", "btw-nummer", "kvk", "kvk nummer",
        ]),
        ("subtotal net amount before tax", [
            "subtotal", "sub total", "net amount", "net total", "total net", "total excl vat", "total excl tax", "amount before tax",
            "zwischensumme", "nettobetrag", "summe netto", "netto", "gesamt netto", "nettosumme", "warenwert",
            "sous total", "total ht", "montant ht", "hors taxes", "subtotaal", "totaal excl btw", "excl btw", "netto bedrag",
        ]),
        ("tax amount", [
            "vat", "tax", "sales tax", "gst", "hst", "mwst", "umsatzsteuer", "ust", "mehrwertsteuer", "steuer", "tva",
            "montant tva", "total tva", "btw", "btw bedrag",
            // India's goods and services taxes and the older central sales tax.
            "cgst", "sgst", "igst", "utgst", "cst",
        ]),
        ("total amount due", [
            "total", "amount due", "total due", "grand total", "balance due", "total amount", "amount payable", "invoice total",
            "gesamtbetrag", "rechnungsbetrag", "rechnungssumme", "summe", "endsumme", "gesamtsumme", "bruttobetrag", "gesamt brutto",
            "summe brutto", "brutto", "zu zahlen",
            "zahlbetrag", "total ttc", "montant à payer", "net à payer", "montant total", "totaal", "te betalen", "totaalbedrag",
            "totaal incl btw", "te voldoen",
        ]),
        ("shipping cost", ["shipping", "freight", "delivery", "versandkosten", "versand", "fracht", "porto", "frais de port",
                           "livraison", "verzendkosten", "verzending"]),
        ("discount", ["discount", "rabatt", "skonto", "nachlass", "remise", "escompte", "korting"]),
        ("bank account IBAN", ["iban", "bank account", "account number", "bankverbindung", "kontonummer", "konto",
                               "coordonnées bancaires", "rib", "rekeningnummer", "rekening", "bankrekening"]),
        ("bank BIC code", ["bic", "swift", "swift code", "bic swift"]),
        // Footers print where the issuer is registered: "Registergericht Hanau", "Sitz der
        // Gesellschaft: München", "RCS Paris".
        ("company register entry", ["registergericht", "amtsgericht", "handelsregister", "handelsregisternummer", "sitz",
                                    "sitz der gesellschaft", "hrb", "hra", "registered office", "registered in",
                                    "company registration", "company registration number", "company reg no",
                                    "registre du commerce", "rcs", "siège social", "kamer van koophandel", "statutaire zetel"]),
        ("bank sort code", ["blz", "bankleitzahl", "sort code", "routing number", "aba", "ifsc", "ifsc code", "code banque"]),
        ("purchase order number", [
            "po number", "po no", "po #", "po", "purchase order", "your order", "order number", "order no", "bestellnummer",
            "ihre bestellung", "auftrag", "auftragsnummer", "auftrags nr", "bestell nr", "bon de commande", "commande n°",
            "n° de commande", "ordernummer", "inkooporder", "bestelnummer", "uw referentie",
            // A purchase order is only taken from under one of these labels (`FieldRouting`).
            "po#", "p o", "p o number", "order id", "order #", "order ref", "order reference", "customer order",
            "customer po", "your ref", "your reference", "ihre bestellnummer", "bestellung", "bestellnr", "votre commande",
            "commande", "référence commande", "bestelling", "uw bestelling", "uw ordernummer",
        ]),
        // US federal forms print their approval number: "OMB No. 1545-0074", "Form Approved OMB" over "No. 0938-1197".
        ("form control number", ["omb", "omb no", "omb number", "omb control no", "omb control number"]),
        ("phone number", ["phone", "tel", "telephone", "fax", "mobile", "telefon", "téléphone", "tél", "telefoon", "numéro de ligne"]),
        ("email address", ["email", "e mail", "mail"]),
        ("date", ["date", "datum"]),
        ("table column header", ["qty", "quantity", "unit price", "description", "item", "amount", "menge", "einzelpreis",
                                 "bezeichnung", "beschreibung", "pos", "quantité", "prix unitaire", "désignation",
                                 "aantal", "prijs", "omschrijving", "product", "produkt", "produit", "article", "artikel",
                                 "artikelnummer", "pack", "uom", "unit", "einheit", "unité", "eenheid"]),
        ("opening balance", ["opening balance", "previous balance", "beginning balance", "balance forward", "anfangssaldo",
                             "alter kontostand", "alter saldo", "solde initial", "ancien solde", "solde précédent",
                             "beginsaldo", "vorig saldo", "oud saldo"]),
        ("closing balance", ["closing balance", "new balance", "ending balance", "endsaldo", "neuer kontostand", "neuer saldo",
                             "solde final", "nouveau solde", "eindsaldo", "nieuw saldo"]),
        ("account holder name", ["account holder", "account name", "kontoinhaber", "inhaber", "titulaire", "titulaire du compte",
                                 "rekeninghouder", "tenaamstelling"]),
        ("statement date", ["statement date", "statement period", "auszugsdatum", "date du relevé", "afschriftdatum"]),
        ("payer debtor account to debit", ["from account", "debit account", "account to debit", "belastungskonto",
                                           "iban auftraggeber", "compte à débiter", "compte débité", "iban du donneur d'ordre",
                                           "van rekening", "af te schrijven rekening", "tegenrekening"]),
        ("payee creditor account to credit", ["to account", "beneficiary account", "credit account", "iban empfänger",
                                             "empfängerkonto", "iban des empfängers", "compte à créditer", "iban du bénéficiaire",
                                             "naar rekening", "rekening begunstigde"]),
        ("payer debtor ordering party", ["ordering party", "payer", "debtor", "remitter", "auftraggeber", "zahlungspflichtiger",
                                         "kontoinhaber auftraggeber", "donneur d'ordre", "payeur", "débiteur", "opdrachtgever",
                                         "betaler"]),
        ("payee beneficiary creditor", ["beneficiary", "payee", "creditor", "recipient", "empfänger", "begünstigter",
                                        "zahlungsempfänger", "bénéficiaire", "destinataire", "créancier", "begunstigde",
                                        "ontvanger"]),
        ("transfer amount", ["transfer amount", "amount to transfer", "überweisungsbetrag", "betrag", "montant du virement",
                             "montant", "over te maken bedrag", "bedrag"]),
        ("execution date", ["execution date", "value date", "requested execution date", "ausführungsdatum", "termin",
                            "valuta", "date d'exécution", "date de valeur", "uitvoeringsdatum", "valutadatum"]),
        ("payment reference", ["reference", "end to end reference", "end to end id", "remittance information", "referenz",
                               "kundenreferenz", "verwendungszweck", "référence", "référence de bout en bout", "motif",
                               "referentie", "betalingskenmerk", "omschrijving betaling"]),
        ("merchant store", ["store", "merchant", "shop", "filiale", "markt", "magasin", "winkel"]),
        ("payment terms", ["payment terms", "terms", "terms of payment", "zahlungsbedingungen", "konditionen",
                           "conditions de paiement", "conditions de règlement", "betalingsvoorwaarden", "betalingstermijn"]),
        ("payment method", ["paid by", "payment method", "card", "cash", "bezahlt mit", "zahlart", "bar", "ec karte",
                            "payé par", "mode de paiement", "paiement", "zahlung", "zahlungsart", "carte", "betaald met", "betaalwijze",
                            "betaling", "pin",
                            // How an invoice may be paid: "Zahlungsform  Banküberweisung", "Modes de règlement  CB".
                            "payment methods", "method of payment", "payment mode", "zahlungsform", "zahlungsweise",
                            "modes de paiement", "mode de règlement", "modes de règlement", "betaalmethode", "bank transfer",
                            "wire transfer", "banküberweisung", "lastschrift", "sepa lastschrift", "virement", "virement bancaire",
                            "prélèvement", "chèque", "cb", "carte bancaire", "credit card", "kreditkarte", "overboeking"]),
        ("document title", ["receipt", "sales receipt", "kassenbon", "kassenbeleg", "quittung", "kassabon", "ticket de caisse",
                            "ticket",
                            "reçu", "account statement", "bank statement", "kontoauszug", "relevé de compte", "relevé",
                            "rekeningafschrift", "afschrift", "credit note", "gutschrift", "avoir", "creditnota",
                            "laboratory report", "lab report", "laborbefund", "compte rendu de laboratoire",
                            "laboratoriumuitslag", "claim form", "prescription", "rezept", "ordonnance", "recept",
                            "explanation of benefits", "payment order", "überweisung", "ordre de virement",
                            "overschrijving", "discharge summary", "discharge letter", "entlassungsbrief", "entlassbrief", "arztbrief",
                            "lettre de sortie", "compte rendu d'hospitalisation", "ontslagbrief", "annual report", "jahresabschluss",
                            "geschäftsbericht", "finanzbericht", "financial report", "financial statements",
                            "rapport annuel", "rapport financier", "états financiers", "comptes annuels",
                            "jaarverslag", "jaarrekening", "financieel verslag"]),
        ("tax year", ["tax year", "for calendar year", "calendar year", "steuerjahr", "veranlagungsjahr", "year", "jahr", "année",
                      "jaar",
                      "année d'imposition", "exercice", "belastingjaar"]),
        ("payer TIN tax identification", ["payer's tin", "payer tin", "payer's federal identification number",
                                          "employer identification number", "employer's ein"]),
        ("recipient TIN tax identification", ["recipient's tin", "recipient tin", "recipient's identification number",
                                              "employee's ssn", "employee's social security number", "ssn"]),
        ("wages gross income", ["wages tips other compensation", "wages", "gross income", "gross pay", "bruttoarbeitslohn",
                                "bruttobetrag", "salaire brut", "revenu brut", "brutoloon", "bruto inkomen"]),
        ("tax withheld", ["federal income tax withheld", "tax withheld", "income tax withheld", "einbehaltene lohnsteuer",
                          "lohnsteuer", "impôt retenu", "prélèvement à la source", "ingehouden loonheffing", "loonheffing"]),
        ("laboratory collection date", ["collected", "collection date", "specimen collected", "entnahmedatum", "abnahme",
                                        "date de prélèvement", "prélevé le", "afnamedatum", "afgenomen op"]),
        ("total charges billed", ["total charge", "total charges", "total billed", "amount billed", "billed amount",
                                  "gesamtforderung", "montant facturé", "total facturé", "totaal gedeclareerd"]),
        ("fiscal period end", ["fiscal year ended", "period ending", "year ended", "geschäftsjahr zum", "stichtag",
                               "exercice clos le", "arrêté au", "boekjaar eindigend", "balansdatum"]),
        ("revenue sales", ["revenue", "net sales", "sales", "umsatzerlöse", "umsatz", "chiffre d'affaires", "produits",
                           "omzet", "netto omzet"]),
        ("net income profit", ["net income", "profit for the year", "net profit", "jahresüberschuss", "gewinn",
                               "résultat net", "bénéfice net", "nettowinst", "resultaat"]),
        ("total assets", ["total assets", "assets", "bilanzsumme", "summe aktiva", "total de l'actif", "total bilan",
                          "totaal activa", "balanstotaal"]),
        ("address", ["address", "home address", "anschrift", "adresse", "domicile", "adres", "woonadres"]),
        ("document report date", ["date of discharge", "discharge date", "report date", "entlassungsdatum",
                                  "datum des berichts", "date de sortie", "date du compte rendu", "ontslagdatum",
                                  "datum verslag"]),
        ("patient record number", ["mrn", "patient id", "medical record number", "patienten id", "fallnummer",
                                   "n° de dossier", "identifiant patient", "patiëntnummer", "dossiernummer"]),
        ("patient name", ["patient", "patient name", "name des patienten", "nom du patient", "patiënt", "naam patiënt"]),
        ("date of birth", ["date of birth", "dob", "birth date", "birthdate", "geburtsdatum", "geb", "date de naissance",
                           "né le", "née le", "geboortedatum"]),
        ("member insurance ID", ["member id", "subscriber id", "member number", "policy number", "insured id",
                                 "versichertennummer", "mitgliedsnummer", "n° d'adhérent", "lidnummer", "polisnummer"]),
        ("claim number", ["claim number", "claim no", "claim #", "claim id", "schadennummer", "n° de sinistre", "claimnummer",
                          "declaratienummer"]),
        ("date of service", ["date of service", "service date", "dates of service", "dos", "behandlungsdatum",
                             "leistungsdatum", "date des soins", "behandeldatum"]),
        ("physician provider", ["physician", "provider", "doctor", "prescriber", "ordering physician", "ordered by",
                                "attending physician", "arzt", "einsender", "médecin", "arts", "huisarts", "requested by",
                                "requesting physician", "angefordert von", "demandé par", "prescripteur", "aangevraagd door",
                                "aanvrager", "author", "auteur", "verfasser", "verfasst von", "rédigé par", "written by",
                                "dictated by", "signed by", "unterzeichnet von", "ondertekend door"]),
        ("medication drug", ["rx", "medication", "drug", "sig", "arzneimittel", "präparat", "médicament", "geneesmiddel"]),
        ("amount paid", ["amount paid", "plan paid", "paid", "payment", "erstattet", "gezahlt", "payé", "montant remboursé",
                         "betaald", "vergoed"]),
    ]

    /// Words (after normalizing) → concepts that use them; phrases are found by walking words.
    private static let index: [String: [(words: [Substring], gloss: String)]] = {
        var index: [String: [(words: [Substring], gloss: String)]] = [:]
        for (gloss, wordings) in concepts {
            for wording in wordings {
                let words = normalize(wording).split(separator: " ")
                guard let first = words.first else { continue }
                index[String(first), default: []].append((words, gloss))
            }
        }
        for key in index.keys { index[key]!.sort { $0.words.count > $1.words.count } }
        return index
    }()

    /// Lower case, punctuation other than `#`, `°` and apostrophes turned into spaces.
    /// `keeping`: further marks that stay part of a word ("-" for "W-2" in `TypeTitles`).
    static func normalize(_ text: String, keeping: Set<Character> = []) -> String {
        let mapped = text.lowercased().map { c -> Character in
            c.isLetter || c.isNumber || c == "#" || c == "°" || c == "'" || keeping.contains(c) ? c : c == "’" ? "'" : " "
        }
        return String(mapped).split(separator: " ").joined(separator: " ")
    }

    /// Known wordings found in a text, left to right, the longest at each word; with how many
    /// words the text has.
    private static func matches(in text: String) -> (found: [(at: Int, words: Int, gloss: String)], total: Int) {
        let words = normalize(text).split(separator: " ")
        var found: [(at: Int, words: Int, gloss: String)] = []
        var i = 0
        while i < words.count {
            let match = (index[String(words[i])] ?? []).first { entry in
                i + entry.words.count <= words.count && Array(words[i..<(i + entry.words.count)]) == entry.words
            }
            if let match { found.append((i, match.words.count, match.gloss)); i += match.words.count } else { i += 1 }
        }
        return (found, words.count)
    }

    /// The concepts a label names, in order, without repeats.
    public static func glosses(of label: String) -> [String] {
        var glosses: [String] = []
        for match in matches(in: label).found where !glosses.contains(match.gloss) { glosses.append(match.gloss) }
        return glosses
    }

    /// The concept of the wording a text opens with, if it opens with one: "SWIFT HELADEF1GEL"
    /// opens with a BIC's label.
    public static func leadingGloss(of text: String) -> String? {
        guard let first = matches(in: text).found.first, first.at == 0 else { return nil }
        return first.gloss
    }

    /// The text the encoder embeds for a label: the label, then what it means when known.
    public static func embeddingText(of label: String) -> String {
        let glosses = glosses(of: label)
        return glosses.isEmpty ? label : "\(label) (\(glosses.joined(separator: "; ")))"
    }

    /// The share of a text's words that belong to known label wordings: 1 for "Compte à
    /// créditer", 0 for "Aurora Labs B.V.". Phrases printed as labels are rarely a field's value.
    public static func labelCoverage(of text: String) -> Float {
        let (found, total) = matches(in: text)
        guard total > 0 else { return 0 }
        return Float(found.reduce(0) { $0 + $1.words }) / Float(total)
    }

    /// The concepts a page's short lines name, in order, at most `limit`: an English outline of
    /// a German or French page for the type head ("invoice number; date; total amount due").
    /// Lines of more than eight words are prose, where label words mean little.
    public static func summary(of lines: [String], limit: Int = 12) -> String {
        var concepts: [String] = []
        for line in lines where line.split(separator: " ").count <= 8 {
            for gloss in glosses(of: line) where !concepts.contains(gloss) {
                concepts.append(gloss)
                if concepts.count == limit { return concepts.joined(separator: "; ") }
            }
        }
        return concepts.joined(separator: "; ")
    }
}
