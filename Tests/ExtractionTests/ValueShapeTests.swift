import Foundation
import Parsing
import Testing
@testable import Extraction

/// The shapes a schema gives its text and money fields, and the shorter candidates found
/// inside phrases: the values real invoices print that the heads could not reach before.
@Suite struct ValueShapeTests {
    func phrase(_ value: String, kind: FieldCandidate.Kind = .phrase, currency: String? = nil) -> FieldCandidate {
        FieldCandidate(kind: kind, value: value, text: value, page: 1, bbox: [0, 0, 0, 0], line: 0, label: "", currency: currency,
                       ambiguous: false, fontSize: 10, bold: false)
    }

    @Test func namesAreFewWordsOfLettersAndNothingElse() {
        for name in ["Kraxi GmbH", "Adatum Corporation", "Müller & Söhne Bau Co.", "Dr. Ana Ruiz", "3M Company", "1&1 Internet AG", "OYO Rooms", "weclapp.com", "iViveLabs Ltd",
                     "Bank of America", "Gesellschaft für angewandte Physik mbH", "de Lattre Alexis",
                     "May & Baker Ltd", "Abbey Road Ltd", "Product Solutions GmbH", "Rate Setter", "Summary Analytics Inc.",
                     "On Running AG", "At Home Stores"] {
            #expect(ValueShape.name.admits(phrase(name)), "\(name)")
        }
        for notName in ["Rabattstr. 25", "12 Main St", "5 rue Lepic", "Kerkstraat 7",
                        "----------------------------------", "info@cronus.com", "www.kraxi.com", "VAT % Line Amount Excl. VAT",
                        "weclapp.com | Somestreet 42 | 08155 Some city", "Alphabet, Lilienthalallee 26, 80786 München",
                        "Rechnungsnummer an. Skontoabzüge werden nicht akzeptiert.", "12.50", "X",
                        "93B Sai Yu Chung", "3/64, Vishwas Khand,Gomti Nagar", "Alpha_Param3 NEIN", "&amp; B</Test>", "*Keep this invoice and",
                        "B 421 938 861 RCS Paris", "Tel. 030 12 34 56", "Australia", "United Kingdom", "DEUTSCHLAND",
                        "Rechnungssumme brutto", "Bill To:", "Customer", "Total € Incl. VAT", "Payment Terms",
                        "Zahlungsbedingungen", "VAT Registration No.", "for details", "box/price tag", "Hong Kong",
                        "encaissements.", "Seite 2", "Page 1 of 3", "Page 2/2", "Blatt 1 von 4", "ORIGINAL", "Duplicata",
                        "Les montants unitaires étant arrondis", "Removed debris from case", "If you have any queries",
                        "February 17", "17. März", "1er juin", "Station Road", "Hauptstraße", "Rue de la Paix",
                        "Detail", "Summary", "Modes de règlement", "Product", "Greetings from Amazon Web Services",
                        "Thank you for your order", "Sehr geehrte Damen und Herren", "Invoice Summary",
                        "Powered by TCPDF (www.tcpdf.org)", "Adresse de l’installation", "Address of service",
                        "Rapport annuel", "Geschäftsbericht", "Ontslagbrief", "Entlassungsbrief", "Financial statements",
                        "Au verso", "Pour", "Für alle", "z. Hd. Herr Mustermann", "Attn: Jane Roe", "t.a.v. de heer Smit",
                        "MwSt. EUR", "Betrag EUR", "(Authorized Signatory)", "(Unterschrift)"] {
            #expect(!ValueShape.name.admits(phrase(notName)), "\(notName)")
        }
    }

    @Test func phonesPostalCodesAndFormNumbersAreNoDocumentNumbers() {
        for phone in ["1-877-486-2048.", "1-800-827-1000", "(800) 555-0100", "800.555.0100", "+49 30 1234567", "53547- 4444", "53547-4444"] {
            #expect(ValueShape.looksLikePhoneOrPostalCode(phone), "\(phone)")
        }
        for number in ["INV-2024-0001", "12-3456789", "123-45-6789", "DE123456789", "2024-0001", "800-5550-100", "CLM-7950776"] {
            #expect(!ValueShape.looksLikePhoneOrPostalCode(number), "\(number)")
        }
        #expect(ValueShape.looksLikeFormControlNumber("1545-0074") && !ValueShape.looksLikeFormControlNumber("12-3456789"))
    }

    /// Printings of one organisation's name are one party; other names stay apart.
    @Test func printingsOfOneNameAreOneParty() {
        #expect(ValueShape.partyKey("Amazon Web Services, Inc.") == ValueShape.partyKey("Amazon Web Services"))
        #expect(ValueShape.partyKey("WS Retail Services Private Limited") == "ws retail services")
        #expect(ValueShape.partyKey("WS Retail Services Pvt. Ltd") == ValueShape.partyKey("WS Retail Services Pvt. Ltd."))
        #expect(ValueShape.partyKey("Müller GmbH & Co. KG") == "müller")
        #expect(ValueShape.partyKey("ACME  Ltd") == ValueShape.partyKey("acme"))
        #expect(ValueShape.partyKey("Amazon Web Services Invoice") == ValueShape.partyKey("Amazon Web Services"),
                "the document's title run on after the name")
        #expect(ValueShape.partyKey("Amazon Web Services Invoice") != ValueShape.partyKey("Amazon Web"))
        #expect(ValueShape.partyKey("iViveLabs Ltd.") != ValueShape.partyKey("QualityHosting AG"))
        #expect(ValueShape.partyKey("Limited") == "limited", "a name that is only a legal form keeps it")
    }

    /// A sentence that names a printed party counts for that party, not against it.
    @Test func mentionsOfAPrintedNameFoldIntoIt() {
        let parties = ValueShape.mentionedParties(["QualityHosting AG", "Verschulden der QualityHosting AG", "Yuen Long", "Yuen Long, N.T.",
                                                   "iViveLabs Ltd.", "Grundgebühr pro Einheit", "Bank", "Kreissparkasse Gelnhausen Bank"])
        #expect(parties["verschulden der qualityhosting"] == "qualityhosting")
        #expect(parties["yuen long n.t"] == "yuen long")
        #expect(parties["qualityhosting"] == nil && parties["ivivelabs"] == nil, "a name mentioned by nothing stays itself")
        #expect(parties["grundgebühr pro einheit"] == nil)
        #expect(parties["kreissparkasse gelnhausen bank"] == nil, "a bare short word folds nothing")
        #expect(ValueShape.mentionedParties(["Acme Trading", "Acme Trading Europe", "Trading", "Global Trading Corp"])
                == ["acme trading europe": "acme trading"], "a bare word joins no one; whole names only")
        #expect(ValueShape.mentionedParties(["Acme Trading Europe Sales", "Acme Trading Europe", "Acme Trading"])
                == ["acme trading europe sales": "acme trading", "acme trading europe": "acme trading"], "chains end at one party")
        #expect(ValueShape.mentionedParties(["Hosting GmbH", "QualityHosting AG"]).isEmpty, "whole words, not letters")
    }

    @Test func identifiersHoldDigitsInEveryLongWord() {
        for id in ["RE1001", "2014-03", "CLM-0795077", "No 4711", "63/00987654", "FV 01/18", "(A) 123"] { #expect(ValueShape.identifier.admits(phrase(id)), "\(id)") }
        for notID in ["Description", "12345 Papierfeld", "Feldstraße 39", "a b c 1", "x@y.z 1", "$80.80", "€12", "PO Box 16122",
                      "P.O. Box 7", "Postfach 1020", "1", "01/18)", "(Rev. 12"] {
            #expect(!ValueShape.identifier.admits(phrase(notID)), "\(notID)")
        }
        var box = phrase("16122")
        #expect(ValueShape.identifier.admits(box))
        box.label = "PO Box"
        #expect(!ValueShape.identifier.admits(box), "the number of a post office box")
    }

    @Test func taxIDsAreEightToFifteenDigitsWithACountryPrefixAtMost() {
        for id in ["DE238574172", "GB98/765/43210", "123/456/78901", "NL123456789B01", "CHE-123.456.789", "DE 232 446 240",
                   "FR 604 219 388 61"] {
            #expect(ValueShape.taxID.admits(phrase(id)), "\(id)")
        }
        for notID in ["999999", "10000", "GF Paul Kraxi", "Versandkosten USt. 19,00%", "USt-IdNr. DE238574172",
                      "211261 11-28-22", "12-3456789)"] {
            #expect(!ValueShape.taxID.admits(phrase(notID)), "\(notID)")
        }
        #expect(ValueShape.taxID.admits(phrase("123456789", kind: .ein)), "typed EINs and SSNs always")
    }

    @Test func moneyHasCentsOrACurrency() {
        #expect(ValueShape.money.admits(phrase("160.55", kind: .amount).with(text: "160,55")))
        #expect(ValueShape.money.admits(phrase("500", kind: .amount, currency: "USD").with(text: "500")))
        #expect(!ValueShape.money.admits(phrase("11", kind: .amount).with(text: "11")))
        #expect(!ValueShape.money.admits(phrase("160.55").with(text: "160,55")), "a phrase is not an amount")
    }

    @Test func wordsAreLettersNotAmountsOrCodes() {
        for method in ["VISA", "Cash", "CB sans contact", "Girocard", "Apple Pay"] { #expect(ValueShape.words.admits(phrase(method)), "\(method)") }
        #expect(!ValueShape.words.admits(phrase("13.3", kind: .amount).with(text: "13,30")), "the amount paid beside it")
        for notWords in ["13,30", "4417", "**** 4417", "083312", "Thank you for shopping with us today"] {
            #expect(!ValueShape.words.admits(phrase(notWords)), "\(notWords)")
        }
    }

    @Test func labelAndValueInOnePhraseAndSeparatedPartsBecomeCandidates() {
        let t = HeadTests()
        let layout = t.layout([
            t.word("Kraxi", 50, 60, size: 7), t.word("GmbH", 72, 60, size: 7), t.word("·", 94, 60, size: 7),
            t.word("Flugzeugallee", 100, 60, size: 7), t.word("17", 152, 60, size: 7), t.word("·", 162, 60, size: 7),
            t.word("12345", 168, 60, size: 7), t.word("Papierfeld", 190, 60, size: 7),
            t.word("Rechnung", 50, 100), t.word("RE1001", 100, 100),
            t.word("USt-IdNr.", 50, 130), t.word("DE238574172", 102, 130),
        ])
        let invoice = layout.candidates.first { $0.kind == .phrase && $0.value == "RE1001" }
        #expect(invoice?.label == "Rechnung")
        #expect(layout.candidates.first { $0.kind == .phrase && $0.value == "DE238574172" }?.label == "USt-IdNr")
        let parts = Set(layout.candidates.filter { $0.kind == .phrase && $0.line == 0 }.map(\.value))
        #expect(parts.isSuperset(of: ["Kraxi GmbH", "Flugzeugallee 17", "12345 Papierfeld"]))
        #expect(!layout.candidates.contains { $0.value == "Rechnung" && $0.line == 1 && $0.label == "Rechnung" })
    }

    @Test func namesThatRunOnAndNumbersWithTheirMarksBecomeCandidates() {
        let t = HeadTests()
        // Words set one space apart, as one phrase per line.
        func words(_ texts: [String], y: Double) -> [ParsedDocument.Word] {
            var x = 30.0
            return texts.map { text in
                defer { x += Double(text.count) * 5.5 + 3 }
                return t.word(text, x, y)
            }
        }
        let layout = t.layout(
            words(["Free", "SAS", "au", "capital", "de", "3.441.812", "Euros", "−", "N°", "de", "TVA:", "FR", "604", "219", "388", "61"], y: 60)
            + words(["Amazon", "Web", "Services", "Invoice"], y: 100)
            + words(["Facture", "n°562044387", "du", "02", "Juillet", "2015"], y: 140)
            + words(["UStId", "DE", "232", "446", "240"], y: 180)
            + words(["Invoice", "No", ":", "#", "BLR_WFLD2015"], y: 220)
            + words(["WS", "Retail", "Services", "Pvt.", "Ltd.,"], y: 260)
            + words(["doronvi.de,", "Rue", "de", "la", "Paix", "110"], y: 300)
            + words(["Berlin,", "12.", "März"], y: 340))
        let values = Set(layout.candidates.filter { $0.kind == .phrase }.map(\.value))
        for wanted in ["Free SAS", "Amazon Web Services", "562044387", "DE 232 446 240", "FR 604 219 388 61", "BLR_WFLD2015",
                       "WS Retail Services Pvt. Ltd.", "doronvi.de"] {
            #expect(values.contains(wanted), "\(wanted)")
        }
        #expect(!values.contains("Berlin"), "one word before a comma is a name only when it is a domain")
        #expect(layout.candidates.first { $0.value == "562044387" }?.label == "Facture")
    }

    /// Wording repeated row after row down one column is a list's entry, and so is the same
    /// wording elsewhere; neither names a party. A name printed in the letterhead, the sender
    /// line and the footer is no list.
    @Test func wordingRepeatedDownAColumnIsAListEntry() {
        let t = HeadTests()
        func phrase(_ text: String, x: Double, y: Double, size: Double = 10) -> [ParsedDocument.Word] {
            var left = x
            return text.split(separator: " ").map { word in
                defer { left += Double(word.count) * size * 0.55 + 3 }
                return t.word(String(word), left, y, size: size)
            }
        }
        var words = phrase("Kraxi GmbH", x: 40, y: 40, size: 16) + phrase("Kraxi GmbH", x: 40, y: 120, size: 7)
            + phrase("Kraxi GmbH", x: 40, y: 760, size: 7)
        for row in 0..<3 {
            words += phrase("Small Business Exchange", x: 90, y: 300 + Double(row) * 40)
            words += phrase("Grundgebühr pro Einheit", x: 90, y: 312 + Double(row) * 40)
        }
        words += phrase("Grundgebühr pro Einheit", x: 90, y: 700)
        let layout = t.layout(words)
        let entries = layout.candidates.filter { $0.value == "Grundgebühr pro Einheit" }
        #expect(entries.count == 4 && entries.allSatisfy(\.isListEntry), "the same wording elsewhere is the list's too")
        let vendor = layout.candidates.filter { $0.value == "Kraxi GmbH" }
        #expect(vendor.count == 3 && !vendor.contains(where: \.isListEntry))
        let name = ResultSchema.FieldRule(name: "vendor_name", kind: .string, allowed: nil, pattern: nil, minimum: nil,
                                            maximum: nil, maskedAsTIN: false, shape: .name)
        #expect(!FieldRouting.admits(entries.first(where: \.isListEntry)!, name, kinds: [.phrase]))
    }

    /// A sentence that names the company gives the name without the words before its article;
    /// an article that opens the name or follows a particle is part of it.
    @Test func aNameInASentenceStartsAfterItsArticle() {
        func names(_ line: String) -> [String] {
            let texts = line.split(separator: " ").map(String.init)
            let t = HeadTests()
            var x = 30.0
            let layout = t.layout(texts.map { text in
                defer { x += Double(text.count) * 5.5 + 3 }
                return t.word(text, x, 60)
            })
            return layout.candidates.filter { $0.kind == .phrase }.map(\.value)
        }
        let sentence = names("Verschulden der QualityHosting AG berechnen wir ein Entgelt von")
        #expect(sentence.contains("QualityHosting AG") && !sentence.contains("Verschulden der QualityHosting AG"), "\(sentence)")
        #expect(names("The Home Depot Inc. Atlanta Georgia").contains("The Home Depot Inc."))
        #expect(names("Van der Valk B.V. Amsterdam Centrum").contains("Van der Valk B.V."))
        #expect(names("Compagnie des Alpes SA au capital de").contains("Compagnie des Alpes SA"))
        #expect(names("Bank of America Corp. Charlotte NC").contains("Bank of America Corp."))
        #expect(names("Northgate Reference Laboratory Laboratory report").contains("Northgate Reference Laboratory"),
                "a title of several words after the name")
        #expect(names("Crescent Clinical Labs Laborbefund").contains("Crescent Clinical Labs"))
        #expect(DocumentLayout.phraseValue("# 2014") == "2014" && DocumentLayout.phraseValue("#hashtag") == "#hashtag",
                "a number sign goes only before something with digits")
    }

    @Test func schemasDeclareShapesOnTheRightKindsOfField() throws {
        let folder = NSTemporaryDirectory() + "shape-\(UUID().uuidString.prefix(6))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write(_ properties: String) throws -> ResultSchema {
            try Data(#"{"type": "object", "properties": {\#(properties)}}"#.utf8).write(to: URL(fileURLWithPath: folder + "/t.json"))
            return try ResultSchema.load(type: "t", folder: folder)
        }
        let schema = try write(#""who": {"type": "string", "x-shape": "name"}, "total": {"type": "number", "x-shape": "money"}"#)
        #expect(schema.rule("who")?.shape == .name && schema.rule("total")?.shape == .money)
        #expect(throws: (any Error).self) { _ = try write(#""total": {"type": "string", "x-shape": "money"}"#) }
        #expect(throws: (any Error).self) { _ = try write(#""who": {"type": "number", "x-shape": "name"}"#) }
        #expect(throws: (any Error).self) { _ = try write(#""who": {"type": "string", "x-shape": "nickname"}"#) }
    }
}

private extension FieldCandidate {
    func with(text: String) -> FieldCandidate { var copy = self; copy.text = text; return copy }
}

extension ValueShapeTests {
    /// A label with its code or place, a department, a column heading compound: none names a party.
    @Test func labelledCodesDepartmentsAndHeadingCompoundsAreNoNames() {
        for value in ["SWIFT HELADEF1GEL", "BIC COBADEFFXXX", "Registergericht Hanau", "Sitz der Gesellschaft", "RCS Paris",
                      "Geschäftsstelle Sonderkunden", "Customer Service", "Abteilung Buchhaltung", "VK-Preis", "Gesamtbeträge"] {
            #expect(!ValueShape.looksLikeName(value), "\(value)")
        }
        for value in ["QualityHosting AG", "Weltweit Bank", "Service Partner GmbH", "Free SAS", "Banque Populaire"] {
            #expect(ValueShape.looksLikeName(value), "\(value)")
        }
    }
}

extension ValueShapeTests {
    /// A ticked option of a form, with or without its box code, is its caption, not a party;
    /// a name that only ends in X or is X and a legal form stays a name.
    @Test func tickedFormOptionsAreNoNames() {
        for value in ["H1 X Domestic partner", "X Individual", "☒ Self", "B X Foreign partner"] {
            #expect(!ValueShape.looksLikeName(value), "\(value)")
        }
        for value in ["Malcolm X", "X Corp.", "Hilda Xavier", "Box Hill Clinic"] {
            #expect(ValueShape.looksLikeName(value), "\(value)")
        }
    }
}
