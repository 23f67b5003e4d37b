import DocketTestSupport
import Foundation
import Testing
@testable import Extraction

@Suite struct PipelineTests {
    @Test func theDefaultPipelineCoversTheTaxonomyWithTheContractFields() throws {
        let pipeline = Shipped.pipeline
        #expect(pipeline.typeNames == ["invoice", "receipt", "bank_statement", "payment_order", "tax_form", "financial_report",
                                       "clinical_summary", "lab_report", "prescription", "claim", "explanation_of_benefits",
                                       "patient_record", "other"])
        let invoice = try #require(pipeline.settings("invoice")).schema
        #expect(invoice.fields.map(\.name) == ["invoice_number", "invoice_date", "due_date", "vendor_name", "vendor_tax_id", "customer_name",
                                               "currency", "subtotal_amount", "tax_amount", "total_amount", "iban", "purchase_order"])
        #expect(invoice.required == ["invoice_number", "invoice_date", "vendor_name", "total_amount", "currency"])
        #expect(invoice.rule("invoice_date")?.kind == .date)
        #expect(invoice.rule("total_amount")?.kind == .number)
        #expect(try #require(pipeline.settings("tax_form")).schema.rule("recipient_tin")?.maskedAsTIN == true)
        #expect(try #require(pipeline.settings("tax_form")).schema.rule("payer_tin")?.maskedAsTIN == false)
        #expect(try #require(pipeline.settings("other")).schema.fields.isEmpty)
        #expect(pipeline.version == "6")
        #expect(pipeline.uncertainOptionalFields == .withhold)
    }

    func load(_ yaml: String, schemas: [String: String] = [:]) throws -> Pipeline {
        var files = ["pipelines/p.yaml": yaml]
        for (name, text) in schemas { files["schemas/\(name).json"] = text }
        if schemas["other"] == nil { files["schemas/other.json"] = #"{"type": "object", "properties": {}}"# }
        let folder = try temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try Pipeline.load(name: "p", pipelines: folder + "/pipelines", schemas: folder + "/schemas")
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch let error as ExtractionError { return error.message } catch { return "\(error)" }
    }

    @Test func brokenYAMLIsReportedWithFileAndLine() {
        let text = message { _ = try load("version: \"1\"\ntypes:\n  other: {schema: other\n  invoice: [\n") }
        #expect(text.contains("p.yaml:"), "\(text)")
        #expect(text.contains("not valid YAML"), "\(text)")
    }

    @Test func aMissingSchemaNamesTheLineThatAsksForIt() {
        let text = message { _ = try load("version: \"2\"\ntypes:\n  other: {schema: other}\n  invoice:\n    schema: invoices\n") }
        #expect(text.contains("p.yaml:5"), "\(text)")
        #expect(text.contains("invoices"), "\(text)")
    }

    @Test func unknownKeysBadThresholdsAndAMissingOtherAreRefused() {
        #expect(message { _ = try load("version: \"1\"\nretension: {keep_content: false}\ntypes:\n  other: {schema: other}\n") }
            .contains("unknown key 'retension'"))
        #expect(message { _ = try load("version: \"1\"\ntypes:\n  other: {schema: other, review_threshold: 3}\n") }
            .contains("p.yaml:3"))
        #expect(message { _ = try load("version: \"1\"\ntypes:\n  invoice: {schema: other}\n") }.contains("must include 'other'"))
        #expect(message { _ = try load("types:\n  other: {schema: other}\n") }.contains("needs a version"))
    }

    @Test func schemaProblemsAreReportedWithTheirLine() {
        let bad = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"when\": {\"type\": \"string\", \"format\": \"time\"}\n  }\n}\n"
        let text = message { _ = try load("version: \"1\"\ntypes:\n  other: {schema: other}\n  x: {schema: x}\n", schemas: ["x": bad]) }
        #expect(text.contains("x.json:4"), "\(text)")
        #expect(text.contains("format time is not supported"), "\(text)")
        let missing = #"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"]}"#
        #expect(message { _ = try load("version: \"1\"\ntypes:\n  other: {schema: other}\n  x: {schema: x}\n", schemas: ["x": missing]) }
            .contains("requires 'b'"))
        let oneOf = #"{"type": "object", "properties": {"a": {"type": "string"}}, "anyOf": [{"required": ["a"]}, {"required": ["c"]}]}"#
        #expect(message { _ = try load("version: \"1\"\ntypes:\n  other: {schema: other}\n  x: {schema: x}\n", schemas: ["x": oneOf]) }
            .contains("anyOf requires 'c'"))
        let alone = #"{"type": "object", "properties": {"a": {"type": "string"}}, "anyOf": [{"required": ["a"]}]}"#
        #expect(message { _ = try load("version: \"1\"\ntypes:\n  other: {schema: other}\n  x: {schema: x}\n", schemas: ["x": alone]) }
            .contains("at least two"))
    }

    @Test func retentionAndClassifierSettingsAreRead() throws {
        let pipeline = try load("""
            version: "7"
            classifier: {encoder: /opt/models/x.gguf, zero_shot: false, max_tokens: 128}
            retention: {keep_content: false, content_days: forever}
            types:
              other: {schema: other, review_threshold: 0.4}
            """)
        #expect(pipeline.version == "7")
        #expect(!pipeline.keepContent)
        #expect(pipeline.contentDays == nil)
        #expect(Shipped.pipeline.contentDays == 90, "patient data does not pile up by default")
        #expect(message { _ = try load("version: \"1\"\nretention: {content_days: -1}\ntypes:\n  other: {schema: other}\n") }
            .contains("content_days"))
        #expect(pipeline.classifier.encoder == "/opt/models/x.gguf")
        #expect(!pipeline.classifier.zeroShot)
        #expect(pipeline.classifier.maxTokens == 128)
        #expect(pipeline.settings("other")?.reviewThreshold == 0.4)
        #expect(pipeline.uncertainOptionalFields == .withhold, "withholding is the default")
        let strict = try load("version: \"1\"\nextractor: {uncertain_optional_fields: review}\ntypes:\n  other: {schema: other}\n")
        #expect(strict.uncertainOptionalFields == .review)
        let text = message { _ = try load("version: \"1\"\nextractor:\n  uncertain_optional_fields: drop\ntypes:\n  other: {schema: other}\n") }
        #expect(text.contains("p.yaml:3") && text.contains("withhold or review"), "\(text)")
    }
}
