import Foundation
import Parsing
import Testing
@testable import Extraction

@Suite struct ReviewRoutingTests {
    func finish(_ type: String, _ fields: [(String, JSONValue)], confidence: Double = 1, by: DecisionSource = .structure) -> DocumentResult {
        ReviewRouting.finish(DocumentResult(docType: type, confidence: confidence, decidedBy: by,
                                            fields: fields.map { ($0.0, ExtractedField(value: $0.1, confidence: 1, decidedBy: by)) }),
                             pipeline: Shipped.pipeline)
    }

    @Test func invalidValuesAreDroppedAndMissingRequiredFieldsGoToReview() {
        let result = finish("invoice", [("invoice_number", .string("A-1")), ("invoice_date", .string("2026-02-30")),
                                        ("total_amount", .string("twelve")), ("currency", .string("eur")), ("vendor_name", .string(" Acme Ltd "))])
        #expect(result.status == .needsReview)
        #expect(result.reasons.contains("invalid_field:invoice_date"))
        #expect(result.reasons.contains("invalid_field:total_amount"))
        #expect(result.reasons.contains("missing_field:total_amount"))
        #expect(result[field: "invoice_date"] == nil)
        #expect(result[field: "currency"]?.value == .string("EUR"))
        #expect(result[field: "vendor_name"]?.value == .string("Acme Ltd"))
    }

    @Test func aCompleteResultIsOkAndLowConfidenceIsNot() {
        let fields: [(String, JSONValue)] = [("invoice_number", .string("A-1")), ("invoice_date", .string("2026-02-28")),
                                             ("vendor_name", .string("Acme")), ("total_amount", .number("10.5")), ("currency", .string("USD"))]
        #expect(finish("invoice", fields).status == .ok)
        let unsure = finish("invoice", fields, confidence: 0.6, by: .zeroShot)
        #expect(unsure.status == .needsReview && unsure.reasons == ["low_type_confidence"])
    }

    /// An optional field below the threshold is withheld and leaves the result ok; a required
    /// one sends it to review; a pipeline set to `review` sends it to review for either.
    @Test func unsureOptionalFieldsAreWithheldAndUnsureRequiredOnesGoToReview() {
        let sure: [(String, JSONValue)] = [("invoice_number", .string("A-1")), ("invoice_date", .string("2026-02-28")),
                                           ("vendor_name", .string("Acme")), ("total_amount", .number("10.5")), ("currency", .string("USD"))]
        func result(unsure: [(String, JSONValue)], pipeline: Pipeline = Shipped.pipeline) -> DocumentResult {
            let fields = sure.filter { name, _ in !unsure.contains { $0.0 == name } }.map { ($0.0, ExtractedField(value: $0.1, confidence: 0.9, decidedBy: .head)) }
                + unsure.map { ($0.0, ExtractedField(value: $0.1, confidence: 0.6, page: 1, decidedBy: .head)) }
            return ReviewRouting.finish(DocumentResult(docType: "invoice", confidence: 0.95, decidedBy: .head, fields: fields), pipeline: pipeline)
        }
        let optional = result(unsure: [("iban", .string("DE89 3704 0044 0532 0130 00")), ("customer_name", .string("Beta GmbH"))])
        #expect(optional.status == .ok && optional.reasons.isEmpty)
        #expect(optional.fields.map(\.0) == ["invoice_number", "invoice_date", "vendor_name", "currency", "total_amount"])
        #expect(optional.withheld.map(\.0) == ["customer_name", "iban"], "in schema order")
        #expect(optional.withheld.first?.1.value == .string("Beta GmbH") && optional.withheld.first?.1.confidence == 0.6)
        #expect(optional.withheld.last?.1.value == .string("DE89370400440532013000"), "normalized like any field")
        #expect(optional.json()["withheld"]?["customer_name"]?["value"] == .string("Beta GmbH"))

        let required = result(unsure: [("vendor_name", .string("Acme Holding"))])
        #expect(required.status == .needsReview && required.reasons == ["low_field_confidence:vendor_name"])
        #expect(required.withheld.isEmpty)

        var strict = Shipped.pipeline
        strict.uncertainOptionalFields = .review
        let reviewed = result(unsure: [("customer_name", .string("Beta GmbH"))], pipeline: strict)
        #expect(reviewed.status == .needsReview && reviewed.reasons == ["low_field_confidence:customer_name"])
        #expect(reviewed[field: "customer_name"] != nil && reviewed.withheld.isEmpty)
    }

    /// A statement names its account by IBAN or by account number: either makes it complete,
    /// neither is missing, and an unsure one is kept to be reviewed rather than withheld.
    @Test func oneOfTheAccountFieldsIsRequired() {
        let balances: [(String, JSONValue)] = [("closing_balance", .number("702.10")), ("currency", .string("SGD"))]
        #expect(finish("bank_statement", balances + [("account_number", .string("****4305"))]).status == .ok)
        #expect(finish("bank_statement", balances + [("account_iban", .string("DE89370400440532013000"))]).status == .ok)
        let neither = finish("bank_statement", balances)
        #expect(neither.status == .needsReview && neither.reasons == ["missing_one_of:account_iban,account_number"])
        let unsure = ReviewRouting.finish(DocumentResult(docType: "bank_statement", confidence: 0.95, decidedBy: .head, fields:
            balances.map { ($0.0, ExtractedField(value: $0.1, confidence: 0.9, decidedBy: .head)) }
            + [("account_number", ExtractedField(value: .string("****4305"), confidence: 0.6, decidedBy: .head))]), pipeline: Shipped.pipeline)
        #expect(unsure.reasons == ["low_field_confidence:account_number"] && unsure[field: "account_number"] != nil && unsure.withheld.isEmpty)
        let schema = Shipped.pipeline.settings("bank_statement")!.schema
        #expect(schema.requiredOneOf == [["account_iban", "account_number"]])
        #expect(schema.problems(balances) == ["one of account_iban, account_number is required"])
    }

    @Test func personalTINsAreMaskedAndGenderNormalized() {
        let tax = finish("tax_form", [("form_type", .string("W-2")), ("payer_tin", .string("12-3456789")), ("recipient_tin", .string("123-45-6789"))])
        // The payer's EIN is a business number and stays whole; the recipient's SSN is masked.
        #expect(tax[field: "payer_tin"]?.value == .string("12-3456789"))
        #expect(tax[field: "recipient_tin"]?.value == .string("***-**-6789"))
        #expect(FieldNormalizer.maskTIN("9876") == "9876" && FieldNormalizer.maskTIN("AB") == "****")
        let patient = finish("patient_record", [("patient_name", .string("A B")), ("gender", .string("F"))])
        #expect(patient[field: "gender"]?.value == .string("female"))
        // A number that ended a sentence loses the full stop; "No." and "Inc." keep theirs.
        let form = finish("tax_form", [("form_type", .string("1065.")), ("payer_name", .string("X Co."))])
        #expect(form[field: "form_type"]?.value == .string("1065") && form[field: "payer_name"]?.value == .string("X Co."))
        #expect(FieldNormalizer.withoutClosingStop("No.") == "No." && FieldNormalizer.withoutClosingStop("A-12.") == "A-12")
    }

    @Test func unknownTypesAndFieldsAreNotStored() {
        let result = finish("invoice", [("shoe_size", .string("44"))])
        #expect(result[field: "shoe_size"] == nil)
        #expect(finish("horoscope", []).reasons == ["type_not_in_pipeline"])
    }

    @Test func theValidatorChecksTypesEnumsPatternsAndNestedObjects() {
        let lab = Shipped.pipeline.settings("lab_report")!.schema
        #expect(lab.problems([("patient_name", .string("A")), ("collection_date", .string("2026-01-01"))]).isEmpty)
        #expect(!lab.problems([("patient_name", .string("A"))]).isEmpty, "collection_date is required")
        let results = lab.rule("results")!
        #expect(ResultSchema.problems(.array([.object([("test_name", .string("Glucose")), ("unit", .string("mg/dL"))])]), results).isEmpty)
        #expect(!ResultSchema.problems(.array([.object([("unit", .string("mg/dL"))])]), results).isEmpty, "test_name is required")
        #expect(!ResultSchema.problems(.string("x"), results).isEmpty)
        let record = Shipped.pipeline.settings("patient_record")!.schema
        #expect(!ResultSchema.problems(.string("dunno"), record.rule("gender")!).isEmpty)
        let statement = Shipped.pipeline.settings("bank_statement")!.schema
        #expect(!ResultSchema.problems(.string("not an iban"), statement.rule("account_iban")!).isEmpty)
        #expect(!ResultSchema.problems(.number("2.5"), statement.rule("transaction_count")!).isEmpty)
        #expect(ResultSchema.isISODate("2024-02-29") && !ResultSchema.isISODate("2023-02-29") && !ResultSchema.isISODate("2024-2-1"))
    }

    @Test func visibleTextFindsAmountsAndDatesInEveryCommonForm() {
        let page = VisibleText("Total 1.234,56 EUR · MwSt.160,55 · USD 1,005.55 · 42 · Date: 17.02.2026 · February 3, 2026 · 5. März 2025 · 2024-12-31")
        for amount in ["1234.56", "160.55", "1005.55", "42"] { #expect(page.showsAmount(amount), "\(amount)") }
        #expect(!page.showsAmount("963.11"))
        for date in ["2026-02-17", "2026-02-03", "2025-03-05", "2024-12-31"] { #expect(page.dates.contains(date), "\(date)") }
        #expect(page.showsText("mwst.160,55") && !page.showsText("Acme"))
    }
}
