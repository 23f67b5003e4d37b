import Foundation
import Testing
@testable import Extraction

@Suite struct CandidateTests {
    func values(_ kind: Candidate.Kind, in text: String) -> [String] {
        (DateRecognizer.find(in: text) + AmountRecognizer.find(in: text) + IdentifierRecognizer.find(in: text))
            .filter { $0.kind == kind }.map(\.value)
    }

    @Test func checkDigitsAcceptRealIdentifiersAndRejectOneWrongDigit() {
        for iban in ["DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "NL91ABNA0417164300", "CH9300762011623852957", "FI7433010001222090"] {
            #expect(CheckDigits.isValidIBAN(iban), "\(iban)")
        }
        #expect(!CheckDigits.isValidIBAN("DE89370400440532013001"))
        #expect(!CheckDigits.isValidIBAN("DE8937040044053201300"), "wrong length for DE")
        #expect(CheckDigits.isValidNPI("1234567893") && !CheckDigits.isValidNPI("1234567894"))
        #expect(CheckDigits.isValidRoutingNumber("021000021") && !CheckDigits.isValidRoutingNumber("021000022"))
        #expect(CheckDigits.isBIC("DEUTDEFF") && CheckDigits.isBIC("DEUTDEFF500") && !CheckDigits.isBIC("DEUTDE"))
        #expect(IdentifierRecognizer.isValidLOINC("2345-7") && IdentifierRecognizer.isValidLOINC("718-7") && !IdentifierRecognizer.isValidLOINC("2345-8"))
    }

    @Test func datesInEveryCommonForm() {
        #expect(values(.date, in: "Invoice date: 2026-02-17") == ["2026-02-17"])
        #expect(values(.date, in: "Rechnungsdatum 17.02.2026") == ["2026-02-17"])
        #expect(values(.date, in: "Date 02/17/2026") == ["2026-02-17"])
        #expect(values(.date, in: "26.10.22") == ["2022-10-26"])
        #expect(Set(values(.date, in: "due 03/04/2026")) == ["2026-04-03", "2026-03-04"], "ambiguous: both readings")
        #expect(DateRecognizer.find(in: "due 03/04/2026").allSatisfy { $0.ambiguous })
        #expect(values(.date, in: "Datum 01.11.2024") == ["2024-11-01"], "dots: day first, one reading")
        #expect(DateRecognizer.find(in: "Datum 01.11.2024").allSatisfy { !$0.ambiguous })
        #expect(values(.date, in: "February 17, 2026") == ["2026-02-17"])
        #expect(values(.date, in: "17. Februar 2026") == ["2026-02-17"])
        #expect(values(.date, in: "le 5 févr. 2026") == ["2026-02-05"])
        #expect(values(.date, in: "17 de marzo de 2025") == ["2025-03-17"])
        #expect(values(.date, in: "TOTAL AMOUNT DUE ON August 3 , 2014") == ["2014-08-03"], "a space before the comma")
        #expect(values(.date, in: "Order date: 28 Jan 15") == ["2015-01-28"], "written month, two-digit year")
        #expect(values(.date, in: "3 Nights 15").isEmpty, "only month names make a written date")
        #expect(values(.date, in: "31.02.2026 and 1.2.3.4 and 12/2026").isEmpty, "no impossible dates, versions or month-years")
    }

    @Test func amountsInEitherConventionWithTheirCurrency() {
        let found = AmountRecognizer.find(in: "Total € 1.234,56 · Subtotal 1,005.55 USD · MwSt.160,55 · CHF 1'250.00 · 2 300,10 · -12.50")
        #expect(found.map(\.value) == ["1234.56", "1005.55", "160.55", "1250", "2300.1", "-12.5"])
        #expect(found[0].currency == "EUR" && found[1].currency == "USD" && found[3].currency == "CHF")
        #expect(AmountRecognizer.decimal("0,00") == "0" && AmountRecognizer.decimal("007.10") == "7.1")
        let dueOn = AmountRecognizer.find(in: "DUE ON August 3 , 2014 $4.11")
        #expect(dueOn.map(\.value) == ["3", "2014", "4.11"] && dueOn.map(\.currency) == [nil, nil, "USD"],
                "a symbol against the next number is not the year's")
        #expect(values(.amount, in: "page 3 of 12") == ["3", "12"], "plain integers are candidates too; scoring decides")
        #expect(values(.amount, in: "08155 Some city, Kd. 060") == [], "a leading zero makes a postal code or a code")
        #expect(AmountRecognizer.currencyCode(ofWord: "(EUR)") == "EUR" && AmountRecognizer.currencyCode(ofWord: "Einh€") == "EUR")
        #expect(AmountRecognizer.currencyCode(ofWord: "Eur") == nil && AmountRecognizer.currencyCode(ofWord: "Total") == nil)
        let rupees = AmountRecognizer.find(in: "Rs 1939 x 1 Night · Discount of Rs.-40.00 · Hours 12")
        #expect(rupees.map(\.currency) == ["INR", nil, "INR", nil], "Rs is the rupee only as a word of its own")
        #expect(AmountRecognizer.currencyCode(ofWord: "Rs.") == "INR" && AmountRecognizer.currencyCode(ofWord: "Mrs") == nil)
        let dollars = AmountRecognizer.find(in: "LIMIT S$22,800 · HK$ 1,200.00 · US$5 · $4.11 · PLUS$7")
        #expect(dollars.map(\.currency) == ["SGD", "HKD", "USD", "USD", "USD"], "a prefix names whose dollar; a letter against it does not")
        #expect(AmountRecognizer.currencyCode(ofWord: "S$22,058.11") == "SGD" && AmountRecognizer.currencyCode(ofWord: "(A$)") == "AUD")
    }

    @Test func identifiersOnlyWhenTheirCheckHolds() {
        let text = """
            IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX, bad DE89 3704 0044 0532 0130 01
            NPI 1234567893 (not 1234567894), routing 021000021, LOINC 2345-7, ICD-10 E11.65 and I10,
            SSN 123-45-6789, not 000-12-3456; EIN 12-3456789; call +49 (0)89 99822-0; billing@example.com
            """
        #expect(values(.iban, in: text) == ["DE89370400440532013000"])
        #expect(values(.iban, in: "IBAN : FR76 10107 00245 00617052317 39 - BIC : BREDFRPP") == ["FR7610107002450061705231739"],
                "French RIB grouping")
        #expect(values(.iban, in: "IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX") == ["DE89370400440532013000"],
                "the run stops where the check holds")
        #expect(values(.iban, in: "IBAN DE89370400440532013000") == ["DE89370400440532013000"])
        #expect(values(.iban, in: "FR76 10107 00245 00617052317 38").isEmpty, "one wrong digit")
        #expect(values(.bic, in: text) == ["COBADEFFXXX"])
        #expect(values(.bic, in: "ALEXINUX").isEmpty && values(.bic, in: "SWIFT: BREDFRPP") == ["BREDFRPP"],
                "eight capitals alone are a name as often as a BIC")
        #expect(values(.bic, in: "HELADEF1GEL") == ["HELADEF1GEL"], "one with a digit needs no label")
        #expect(values(.npi, in: text) == ["1234567893"])
        #expect(values(.routingNumber, in: text) == ["021000021"])
        #expect(values(.loinc, in: text) == ["2345-7"])
        #expect(values(.icd10, in: text) == ["E11.65", "I10"])
        #expect(values(.ssn, in: text) == ["123456789"])
        #expect(values(.ein, in: text) == ["123456789"])
        #expect(values(.email, in: text) == ["billing@example.com"])
        #expect(!values(.phone, in: text).isEmpty)
    }
}
