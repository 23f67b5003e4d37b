import Testing
@testable import Extraction

/// The glossary that tells the encoder what foreign and abbreviated labels mean, and the
/// confidence that weighs how far a value leads its rivals.
@Suite struct LabelGlossaryTests {
    @Test func labelsInFourLanguagesMeetTheSameConcept() {
        for label in ["Endsumme", "Total TTC", "Te betalen", "Amount due", "Gesamtbetrag:"] {
            #expect(LabelGlossary.glosses(of: label) == ["total amount due"], "\(label)")
        }
        #expect(LabelGlossary.glosses(of: "Rechnungs-Nr.") == ["invoice number"])
        #expect(LabelGlossary.glosses(of: "Date d'échéance") == ["due date for payment"])
        #expect(LabelGlossary.glosses(of: "Versandkosten netto") == ["shipping cost", "subtotal net amount before tax"])
        #expect(LabelGlossary.glosses(of: "Aurora Labs B.V.").isEmpty)
    }

    @Test func theEncoderReadsTheLabelWithItsMeaning() {
        #expect(LabelGlossary.embeddingText(of: "Endsumme") == "Endsumme (total amount due)")
        #expect(LabelGlossary.embeddingText(of: "Kraxi GmbH") == "Kraxi GmbH")
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
}
