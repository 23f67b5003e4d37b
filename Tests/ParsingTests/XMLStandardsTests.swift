import DocketTestSupport
import Foundation
import Testing
@testable import Parsing

/// Every standard lifted from the project's own fixtures, with exact values.
@Suite struct XMLStandardsTests {
    static let fixtures = Repository.root + "/Tests/Fixtures/xml/"

    func standard(_ name: String) throws -> JSONValue {
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + name)), fileName: name)
        #expect(document.format == .xml)
        return try #require(document.standard)
    }

    @Test func camt053WithTwoStatementsAndADebitBalance() throws {
        let s = try standard("camt053_two_statements.xml")
        #expect(s["name"] == .string("iso20022"))
        #expect(s["message"] == .string("camt.053.001.08"))
        let statements = try #require(s["statements"]?.arrayValue)
        #expect(statements.count == 2)
        let first = statements[0]
        #expect(first["account_iban"] == .string("DE89370400440532013000"))
        #expect(first["account_holder"] == .string("Kessler Praxisbedarf GmbH"))
        #expect(first["opening_balance"]?["amount"] == .number("1250.40"))
        #expect(first["closing_balance"]?["amount"] == .number("-310.15"), "a DBIT balance is negative")
        #expect(first["period_start"] == .string("2026-03-01"))
        #expect(first["period_end"] == .string("2026-03-31"))
        #expect(first["entry_count"] == .number("2"))
        #expect(first["credit_sum"] == .number("99.45"))
        #expect(first["debit_sum"] == .number("1660"))
        #expect(first["entries"]?.arrayValue?.first?["counterparty"] == .string("Praxis Dr. Lange"))
        // PRCD stands in for a missing OPBD.
        #expect(statements[1]["opening_balance"]?["amount"] == .number("0.00"))
        #expect(statements[1]["currency"] == .string("EUR"))
    }

    @Test func pain001IsOneItemPerPayment() throws {
        let s = try standard("pain001_two_payments.xml")
        #expect(s["message"] == .string("pain.001.001.09"))
        #expect(s["control_sum"] == .number("1540.75"))
        let payments = try #require(s["payments"]?.arrayValue)
        #expect(payments.count == 2)
        #expect(payments[0]["debtor_iban"] == .string("DE75512108001245126199"))
        #expect(payments[0]["debtor_bic"] == .string("SOGEDEFFXXX"))
        #expect(payments[0]["creditor_iban"] == .string("CH9300762011623852957"))
        #expect(payments[0]["amount"] == .number("1290.00"))
        #expect(payments[0]["execution_date"] == .string("2026-04-14"))
        #expect(payments[1]["end_to_end_id"] == .string("E2E-0412-2"))
        #expect(payments[1]["debtor_name"] == .string("Nordhafen Klinikum"))

        let domestic = try #require(try standard("pain001_domestic_accounts.xml")["payments"]?.arrayValue)
        #expect(domestic.map { $0["debtor_account_id"] } == [.string("004417250381"), .string("004417250381")])
        #expect(domestic.map { $0["creditor_account_id"] } == [.string("7731940026"), nil])
        #expect(domestic[1]["amount"] == .number("500.00") && domestic[1]["currency"] == .string("USD"))
        #expect(domestic[1]["transfer_currency"] == .string("EUR") && domestic[0]["transfer_currency"] == nil)
    }

    @Test func pain008DirectDebit() throws {
        let s = try standard("pain008_direct_debit.xml")
        #expect(s["message"] == .string("pain.008.001.02"))
        let payment = try #require(s["payments"]?.arrayValue?.first)
        #expect(payment["debtor_iban"] == .string("NL20INGB0001234567"))
        #expect(payment["creditor_name"] == .string("Fitwell Club"))
        #expect(payment["amount"] == .number("39.90"))
        #expect(payment["mandate_id"] == .string("M-0042"))
        #expect(payment["execution_date"] == .string("2026-05-05"))
    }

    @Test func ublCreditNote() throws {
        let s = try standard("ubl_credit_note.xml")
        #expect(s["name"] == .string("ubl"))
        #expect(s["message"] == .string("CreditNote"))
        #expect(s["invoice_number"] == .string("CN-2026-0031"))
        #expect(s["invoice_date"] == .string("2026-02-10"))
        #expect(s["seller"]?["name"] == .string("Brightline Medical B.V."))
        #expect(s["seller"]?["vat_id"] == .string("NL859012345B01"))
        #expect(s["buyer"]?["name"] == .string("Zorggroep Delta"))
        #expect(s["tax_total"] == .number("21.00"))
        #expect(s["payable_amount"] == .number("121.00"))
        #expect(s["iban"] == .string("NL91ABNA0417164300"))
        #expect(s["purchase_order"] == .string("PO-5512"))
        #expect(s["line_count"] == .number("1"))
    }

    @Test func ciiInvoicePrefersTheVATRegistration() throws {
        let s = try standard("cii_invoice.xml")
        #expect(s["name"] == .string("cii"))
        #expect(s["invoice_number"] == .string("RE-2026-118"))
        #expect(s["invoice_date"] == .string("2026-03-15"))
        #expect(s["due_date"] == .string("2026-04-14"))
        #expect(s["seller"]?["vat_id"] == .string("DE136695976"))
        #expect(s["tax_inclusive_total"] == .number("2856.00"))
        #expect(s["iban"] == .string("DE02100500000054540402"))
        #expect(s["purchase_order"] == .string("B-9921"))
        #expect(s["line_count"] == .number("2"))
    }

    @Test func cdaDischargeSummaryWithCodedSections() throws {
        let s = try standard("cda_discharge_summary.xml")
        #expect(s["name"] == .string("hl7-cda"))
        #expect(s["message"] == .string("discharge_summary"))
        #expect(s["patient"]?["name"] == .string("Marta L. Okafor"))
        #expect(s["patient"]?["birth_date"] == .string("1958-07-14"))
        #expect(s["patient"]?["gender"] == .string("female"))
        #expect(s["patient"]?["identifiers"]?.arrayValue?.first?["extension"] == .string("MRN-884122"))
        #expect(s["effective_time"] == .string("2026-02-01"))
        #expect(s["author"] == .string("Tomas Reyes"))
        #expect(s["custodian"] == .string("Lakeside General Hospital"))
        let sections = try #require(s["sections"]?.arrayValue)
        #expect(sections.map { $0["kind"] } == [.string("problems"), .string("medications"), .string("allergies")])
        #expect(sections[0]["codes"]?.arrayValue?.compactMap { $0["code"] } == [.string("I50.9"), .string("E11.9")])
        #expect(sections[1]["codes"]?.arrayValue?.first?["display"] == .string("Amlodipine 5 MG Oral Tablet"))
    }

    @Test func cdaFragmentsWithoutANamespaceAreKnownByTheirTemplates() throws {
        let section = try standard("cda_fragment_medications_section.xml")
        #expect(section["name"] == .string("hl7-cda"))
        #expect(section["message"] == .string("fragment"))
        #expect(section["fragment_root"] == .string("section"))
        #expect(section["title"] == .string("Medications"))
        #expect(section["author"] == .string("Ines Halvorsen"))
        let medications = try #require(section["sections"]?.arrayValue)
        #expect(medications.count == 1)
        #expect(medications[0]["kind"] == .string("medications"))
        #expect(medications[0]["codes"]?.arrayValue?.compactMap { $0["display"] } == [.string("Metformin 500 MG Oral Tablet")])

        // One entry: the section kind comes from the entry's template, and HL7's structural
        // codes (CONC, ASSERTION) are not read as clinical concepts.
        let entry = try standard("cda_fragment_allergy_entry.xml")
        #expect(entry["message"] == .string("fragment") && entry["fragment_root"] == .string("act"))
        let allergies = try #require(entry["sections"]?.arrayValue?.first)
        #expect(allergies["kind"] == .string("allergies"))
        #expect(allergies["codes"]?.arrayValue?.compactMap { $0["code"] } == [.string("7980"), .string("419199007")])
    }

    @Test func templateIdsOutsideCCDAOrAForeignNamespaceStayGeneric() throws {
        let other = #"<section><templateId root="1.2.840.10008.5.1"/><title>Findings</title></section>"#
        #expect(try DocumentParser.parse(Data(other.utf8), fileName: "a.xml").standard?["name"] == .string("generic"))
        let foreign = #"<section xmlns="urn:example:reports"><templateId root="2.16.840.1.113883.10.20.22.2.1.1"/></section>"#
        #expect(try DocumentParser.parse(Data(foreign.utf8), fileName: "b.xml").standard?["name"] == .string("generic"))
    }

    @Test func fhirBundleAndEOB() throws {
        let bundle = try standard("fhir_bundle.xml")
        #expect(bundle["name"] == .string("fhir"))
        #expect(bundle["message"] == .string("Bundle"))
        let resources = try #require(bundle["resources"]?.arrayValue)
        #expect(resources.map { $0["resourceType"] } == [.string("Patient"), .string("Observation"), .string("Claim")])
        #expect(resources[0]["summary"]?["name"] == .string("Erik Lindqvist"))
        #expect(resources[0]["summary"]?["birth_date"] == .string("1971-11-03"))
        #expect(resources[1]["summary"]?["value"] == .number("182"))
        #expect(resources[1]["summary"]?["code"]?["code"] == .string("2345-7"))
        #expect(resources[1]["summary"]?["reference_high"] == .number("99"))
        #expect(resources[2]["summary"]?["diagnosis_codes"] == .array([.string("E11.65")]))
        #expect(resources[2]["summary"]?["member_id"] == .string("MBR-77120"))
        #expect(resources[2]["summary"]?["total"] == .number("245.00"))

        let eob = try standard("fhir_eob.xml")
        #expect(eob["message"] == .string("ExplanationOfBenefit"))
        let summary = try #require(eob["resource"]?["summary"])
        #expect(summary["payment"] == .number("180.40"))
        #expect(summary["totals"]?.arrayValue?.count == 2)
        #expect(summary["insurer"] == .string("Harbor Mutual Health"))
    }

    @Test func xbrlFactsAndPeriod() throws {
        let s = try standard("xbrl_small.xml")
        #expect(s["name"] == .string("xbrl"))
        #expect(s["entity_name"] == .string("Harbor Diagnostics Inc."))
        #expect(s["entity_identifier"] == .string("0000999001"))
        #expect(s["period_end"] == .string("2025-12-31"))
        #expect(s["currency"] == .string("USD"))
        let facts = try #require(s["facts"]?.arrayValue)
        #expect(facts.count == 4)
        #expect(facts.contains { $0["concept"] == .string("us-gaap:Revenues") && $0["value"] == .string("48250000") })
    }

    @Test func anythingElseIsGenericWithItsNamespacesAndWarnings() throws {
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "generic_undeclared_prefix.xml")), fileName: "x.xml")
        #expect(document.standard?["name"] == .string("generic"))
        #expect(document.standard?["root"] == .string("order"))
        #expect(document.text == "A-100\n3")
        #expect(document.warnings.contains { $0.contains("Namespace prefix x") }, "recovered, and said so")
    }

    @Test func anUnreadableDeclaredEncodingIsReadAsUTF8WhenTheBytesAreUTF8() throws {
        let invoice = try String(contentsOfFile: Self.fixtures + "cii_invoice.xml", encoding: .utf8)
        #expect(invoice.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        // Written by an invoicing tool (a Factur-X sample of the ZUGFeRD corpus); "/" is not
        // allowed in an encoding name, so libxml2 alone fails at line 1.
        for name in ["UTF-8-W/O-BOM", "KOI-FOO"] {
            let declared = invoice.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"\(name)\"")
            let document = try DocumentParser.parse(Data(declared.utf8), fileName: "factur-x.xml")
            #expect(document.standard?["name"] == .string("cii"), "\(name)")
            #expect(document.standard?["invoice_number"] != nil)
            #expect(document.warnings.first?.contains("\"\(name)\"") == true, "\(document.warnings)")
        }
        // Bytes that are not UTF-8 are not guessed at: the declaration's error stands.
        let latin = Data("<?xml version=\"1.0\" encoding=\"UTF-8-W/O-BOM\"?><a>".utf8) + Data([0x65, 0xE9, 0x74]) + Data("</a>".utf8)
        #expect(throws: ParseError.self) { try DocumentParser.parse(latin, fileName: "latin.xml") }
        // A readable declaration is left alone.
        #expect(XMLDeclaration.repaired(Data(invoice.utf8)) == nil)
        #expect(XMLDeclaration.encoding(in: Data("\u{FEFF}<?xml version='1.0' encoding = 'ISO-8859-1'?><a/>".utf8))?.name == "ISO-8859-1")
    }

    @Test func liftedValuesAreCheckedByteByByte() {
        #expect(Lift.amount(" -12.50 ") == .number("-12.50"))
        #expect(Lift.amount("+7") == .number("7"))
        for bad in ["1,50", "12.", ".5", "1e3", "--1", "", "  "] { #expect(Lift.amount(bad) == nil, "\(bad)") }
        #expect(Lift.date("2024-02-29T10:00:00Z") == .string("2024-02-29"))
        #expect(Lift.date("20130130080051-0500") == .string("2013-01-30"))
        #expect(Lift.date("2023-02-29") == nil, "not a leap year")
        #expect(Lift.date("1900-02-29") == nil, "centuries are leap years only every 400")
        #expect(Lift.date("2000-02-29") == .string("2000-02-29"))
        #expect(Lift.date("2024-13-01") == nil)
        #expect(Lift.date("2024/01/01") == nil)
        #expect(Lift.integer(" 42 ") == .number("42"))
    }

    @Test func sumsAreExactAcrossScalesAndSigns() {
        #expect(Lift.sum(["0.1", "0.2"]) == "0.3", "no binary floating point")
        #expect(Lift.sum(["100", "-0.25", "12.125"]) == "111.875")
        #expect(Lift.sum(["1.50", "1.50"]) == "3")
        #expect(Lift.sum(["-0.5"]) == "-0.5")
        #expect(Lift.sum([]) == "0")
        #expect(Lift.sum(["abc", "2"]) == "2", "text that is not a plain decimal is skipped")
        // Past 64 bits the sum stays exact.
        #expect(Lift.sum(["9223372036854775807", "1"]) == "9223372036854775808")
    }

    @Test func mailIsRecognizedOnlyByItsHeaderBlock() {
        #expect(FormatDetector.detect(Data("Received: from x\r\nFrom: a@b.example\r\nSubject: s\r\n\r\nbody".utf8)) == .unsupported("an e-mail message"))
        #expect(FormatDetector.detect(Data("Note\n\nFrom: a@b.example\nTo: c@d.example\n".utf8)) == .text, "headers after a blank line are body text")
        #expect(FormatDetector.detect(Data("To: c@d.example\nSubject: s\n\nhi".utf8)) == .text, "no sender header")
    }
}
