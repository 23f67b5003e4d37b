import Testing
@testable import Extraction

/// The glossary that tells the encoder what foreign and abbreviated labels mean, and two
/// decoder rules beside it: the confidence that weighs how far a value leads its rivals, and
/// the charges that may stand between the amounts and the total.
@Suite struct LabelGlossaryTests {
    @Test func labelsInFourLanguagesMeetTheSameConcept() {
        for label in ["Endsumme", "Total TTC", "Te betalen", "Amount due", "Gesamtbetrag:"] {
            #expect(LabelGlossary.glosses(of: label) == ["total amount due"], "\(label)")
        }
        #expect(LabelGlossary.glosses(of: "Rechnungs-Nr.") == ["invoice number"])
        #expect(LabelGlossary.glosses(of: "Date d'échéance") == ["due date for payment"])
        #expect(LabelGlossary.glosses(of: "Versandkosten netto") == ["shipping cost", "subtotal net amount before tax"])
        #expect(LabelGlossary.glosses(of: "Aurora Labs B.V.").isEmpty)
        #expect(LabelGlossary.glosses(of: "ATTN:") == ["customer billed"] && LabelGlossary.glosses(of: "Sold By :") == ["seller"])
    }

    @Test func theEncoderReadsTheLabelWithItsMeaning() {
        #expect(LabelGlossary.embeddingText(of: "Endsumme") == "Endsumme (total amount due)")
        #expect(LabelGlossary.embeddingText(of: "Kraxi GmbH") == "Kraxi GmbH")
    }

    @Test func aGermanPageGetsAnEnglishOutlineForTheTypeHead() {
        let lines = ["Rechnung RE1001", "Belegdatum: 26.10.22", "Kunden-Nr.: 10000",
                     "Die Rechnung ist zahlbar innerhalb von dreißig Tagen ohne Abzug an unser Konto bei der Bank", "Endsumme 963,12 €"]
        #expect(LabelGlossary.summary(of: lines) == "invoice number; invoice date; customer number; total amount due",
                "prose lines (more than eight words) add nothing")
        #expect(LabelGlossary.summary(of: lines, limit: 2) == "invoice number; invoice date")
        #expect(LabelGlossary.summary(of: ["Kraxi GmbH"]).isEmpty)
    }

    @Test func phrasesPrintedAsLabelsAreCoveredByTheGlossary() {
        #expect(LabelGlossary.labelCoverage(of: "Compte à créditer") == 1)
        #expect(LabelGlossary.labelCoverage(of: "TICKET DE CAISSE") == 1)
        #expect(LabelGlossary.labelCoverage(of: "Unit Price Excl.") > 0.6)
        #expect(LabelGlossary.labelCoverage(of: "Café Lumière") == 0)
        #expect(LabelGlossary.labelCoverage(of: "") == 0)
    }

    @Test func aValueThatLeadsItsRivalsIsMoreCertainAtTheSameScore() {
        let scored: [(d: Float, value: String)] = [(4, "RE1001"), (4, "RE1001"), (1, "2014-03")]
        #expect(FieldDecoder.lead(of: 4, value: "RE1001", among: scored) == 3, "the same value printed twice is no rival")
        #expect(FieldDecoder.lead(of: 1, value: "2014-03", among: scored) == -3)
        #expect(FieldDecoder.lead(of: 4, value: "RE1001", among: [(4, "RE1001")]) == HeadSet.marginLimit)
        let close = HeadSet.scaled(4, temperature: 2, shift: 0, margin: 0.3, lead: 0.5)
        let clear = HeadSet.scaled(4, temperature: 2, shift: 0, margin: 0.3, lead: 6)
        let overruled = HeadSet.scaled(4, temperature: 2, shift: 0, margin: 0.3, lead: -2)
        #expect(overruled < close && close < clear)
        #expect(HeadSet.scaled(4, temperature: 2, shift: 0, margin: 0.3, lead: 50) == HeadSet.scaled(4, temperature: 2, shift: 0, margin: 0.3, lead: 10),
                "the lead is clamped")
    }

    @Test func chargesPrintedBetweenTheAmountsAndTheTotalCountInTheSum() {
        let t = HeadTests()
        func layout(shipping: String) -> DocumentLayout {
            t.layout([
                t.word("Positionen", 50, 100), t.word("netto", 110, 100), t.word("804,35", 480, 100),
                t.word("Versandkosten", 50, 114), t.word("netto", 130, 114), t.word(shipping, 480, 114),
                t.word("USt.", 50, 128), t.word("19,00%", 80, 128), t.word("auf", 130, 128), t.word("804,35", 160, 128), t.word("152,83", 480, 128),
                t.word("Versandkosten", 50, 142), t.word("USt.", 130, 142), t.word("0,95", 480, 142),
                t.word("Endsumme", 50, 156), t.word("963,12", 480, 156),
            ])
        }
        func indices(_ layout: DocumentLayout) -> (Int, Int, Int) {
            func at(_ value: String, x: Double) -> Int {
                layout.candidates.firstIndex { $0.kind == .amount && $0.value == value && $0.bbox[0] == x }!
            }
            return (at("804.35", x: 480), at("152.83", x: 480), at("963.12", x: 480))
        }
        let printed = layout(shipping: "4,99")
        let (s, tax, g) = indices(printed)
        #expect(FieldDecoder.amountsAgree(s, tax, g, layout: printed), "804.35 + 152.83 + 4.99 + 0.95 = 963.12")
        let wrong = layout(shipping: "5,99")
        let (s2, tax2, g2) = indices(wrong)
        #expect(!FieldDecoder.amountsAgree(s2, tax2, g2, layout: wrong), "the charges must make up the gap exactly")
    }
}
