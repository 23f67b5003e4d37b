import DocketTestSupport
import Extraction
import Foundation
import Parsing
import Postgres
import Synth
import Testing
@testable import Results

/// Results written by the real worker in its completion transaction, read through the views.
@Suite struct ResultStorageTests {
    @Test func resultsFieldsAndTypedViewsAfterProcessing() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        try c.listen("docket_results")
        let run = PipelineRun(db)
        let ids = try run.submit([try run.fixture("cii_invoice.xml"), try run.fixture("camt053_two_statements.xml"),
                                  try run.fixture("pain001_two_payments.xml")])
        run.drain()
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'succeeded'").scalar(Int.self) == 3)
        #expect(try c.query("SELECT count(*) FROM docket.results").scalar(Int.self) == 5)

        let invoice = try c.query("""
            SELECT invoice_number, invoice_date, total_amount, pg_typeof(total_amount)::text, pg_typeof(invoice_date)::text, status
            FROM docket.invoices WHERE job_id = $1
            """, [ids[0]])[0]
        #expect(try invoice.decode(0, as: String.self) == "RE-2026-118")
        #expect(try invoice.decode(2, as: PostgresNumeric.self).description == "2856")
        #expect(try invoice.decode(3, as: String.self) == "numeric")
        #expect(try invoice.decode(4, as: String.self) == "date")
        #expect(try invoice.decode(5, as: String.self) == "ok")
        #expect(try c.query("SELECT count(*) FROM docket.invoices WHERE total_amount > 2000").scalar(Int.self) == 1)

        let statements = try c.query("SELECT item_index, account_iban, closing_balance::text FROM docket.bank_statements ORDER BY item_index")
        #expect(statements.rows.count == 2)
        #expect(try statements[1].decode(1, as: String.self) == "DE02120300000000202051")
        #expect(try c.query("SELECT count(*) FROM docket.payment_orders WHERE job_id = $1", [ids[2]]).scalar(Int.self) == 2)

        // One row per field, typed where the schema says so, with where it came from.
        let field = try c.query("""
            SELECT f.value_number::text, f.value_date::text, f.confidence, f.decided_by
            FROM docket.fields f JOIN docket.results r ON r.id = f.result_id
            WHERE r.job_id = $1 AND f.name IN ('total_amount', 'invoice_date') ORDER BY f.name
            """, [ids[0]])
        #expect(try field[0].decode(1, as: String.self) == "2026-03-15")
        #expect(try field[1].decode(0, as: String.self) == "2856")
        #expect(try field[1].decode(3, as: String.self) == "structure")
        let meta = try c.query("SELECT pipeline, pipeline_version, decided_by, timings ? 'parse' FROM docket.results WHERE job_id = $1", [ids[0]])[0]
        #expect(try meta.decode(0, as: String.self) == "default" && meta.decode(1, as: String.self) == run.pipeline.version)
        #expect(try meta.decode(3, as: Bool.self))

        // Clients waiting on LISTEN docket_results hear every job.
        var heard = Set<String>()
        let deadline = Date().addingTimeInterval(5)
        while heard.count < 3 && Date() < deadline {
            for note in try c.waitForNotifications(timeout: .milliseconds(200)) { heard.insert(note.payload) }
        }
        #expect(heard == Set(ids.map(String.init)))
    }

    /// A withheld field is kept in docket.results.withheld with where it was read, and stays out
    /// of docket.fields and the typed view.
    @Test func withheldFieldsAreKeptApartFromTheTypedOnes() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let run = PipelineRun(db)
        let id = try run.submit([("scan.pdf", Data("%PDF-1.4 stand-in".utf8))])[0]
        func field(_ value: JSONValue, _ confidence: Double) -> ExtractedField {
            ExtractedField(value: value, confidence: confidence, page: 1, bbox: [10, 20, 90, 30], sourceText: "as printed", decidedBy: .head)
        }
        var result = DocumentResult(docType: "invoice", confidence: 0.97, decidedBy: .head, fields: [
            ("invoice_number", field(.string("A-1"), 0.99)), ("total_amount", field(.number("12.5"), 0.95)),
        ])
        result.withheld = [("customer_name", field(.string("Beta GmbH"), 0.61))]
        try c.transaction { tx in try ResultWriter.write([result], jobID: id, pipeline: run.pipeline, on: tx) }

        let row = try c.query("""
            SELECT withheld -> 'customer_name' ->> 'value', (withheld -> 'customer_name' ->> 'confidence')::real,
                   withheld -> 'customer_name' ->> 'source_text', (withheld -> 'customer_name' -> 'bbox' ->> 0)::real = 10, fields ? 'customer_name'
            FROM docket.results WHERE job_id = $1
            """, [id])[0]
        #expect(try row.decode(0, as: String.self) == "Beta GmbH")
        #expect(try abs(row.decode(1, as: Double.self) - 0.61) < 1e-6)
        #expect(try row.decode(2, as: String.self) == "as printed")
        #expect(try row.decode(3, as: Bool.self))
        #expect(try row.decode(4, as: Bool.self) == false)
        #expect(try c.query("SELECT count(*) FROM docket.fields WHERE name = 'customer_name'").scalar(Int.self) == 0)
        #expect(try c.query("SELECT customer_name IS NULL AND invoice_number = 'A-1' FROM docket.invoices WHERE job_id = $1", [id])
            .scalar(Bool.self))
    }

    @Test func filesThatCanNeverBeReadAreDeadWithoutRetry() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let run = PipelineRun(db)
        let ids = try run.submit([("photo.gif", Data("GIF89a tiny".utf8)), ("broken.xml", Data("<a><b></a>".utf8)),
                                  ("page.pdf", Data("%PDF-1.4\n garbage".utf8))])
        run.drain()
        let rows = try c.query("SELECT state::text, attempts, last_error_code FROM docket.jobs WHERE id = ANY($1) ORDER BY id", [ids])
        #expect(try rows.rows.map { try $0.decode(0, as: String.self) } == ["dead", "dead", "dead"])
        #expect(try rows.rows.map { try $0.decode(1, as: Int.self) } == [1, 1, 1])
        #expect(try rows.rows.map { try $0.decode(2, as: String.self) } == ["unsupported_format", "xml_malformed", "corrupt"])
        #expect(try c.query("SELECT count(*) FROM docket.results").scalar(Int.self) == 0)
    }

    @Test func aPDFWithoutTextLayerGoesToReview() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let folder = NSTemporaryDirectory() + "docket-scan-" + UUID().uuidString.prefix(6)
        _ = try SampleInbox.write(to: folder, count: 0, seed: 1)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = PipelineRun(db)
        try run.submit([("scan.pdf", try Data(contentsOf: URL(fileURLWithPath: folder + "/scanned-page.pdf")))])
        run.drain()
        let row = try c.query("SELECT doc_type, file_name, reasons FROM docket.review_queue")[0]
        #expect(try row.decode(0, as: String.self) == "other")
        #expect(try row.decode(1, as: String.self) == "scan.pdf")
        #expect(try row.decode(2, as: [String].self) == ["no_text_layer"])
    }

    @Test func everySchemaFieldHasATypedColumnInItsView() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let pipeline = PipelineRun(db).pipeline
        let views = ["invoice": "invoices", "receipt": "receipts", "bank_statement": "bank_statements", "payment_order": "payment_orders",
                     "tax_form": "tax_forms", "financial_report": "financial_reports", "clinical_summary": "clinical_summaries",
                     "lab_report": "lab_reports", "prescription": "prescriptions", "claim": "claims",
                     "explanation_of_benefits": "explanations_of_benefits", "patient_record": "patient_records"]
        for (type, settings) in pipeline.types where type != "other" {
            let view = try #require(views[type])
            let columns = Dictionary(uniqueKeysWithValues: try c.query("""
                SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = 'docket' AND table_name = $1
                """, [view]).rows.map { (try $0.decode(0, as: String.self), try $0.decode(1, as: String.self)) })
            for rule in settings.schema.fields {
                let expected: String
                switch rule.kind {
                case .date: expected = "date"
                case .number: expected = "numeric"
                case .integer: expected = "bigint"
                case .array: expected = "jsonb"
                default: expected = "text"
                }
                #expect(columns[rule.name] == expected, "\(view).\(rule.name)")
                let kind = try c.query("SELECT kind FROM docket.field_types WHERE doc_type = $1 AND name = $2", [type, rule.name]).rows
                #expect(kind.count == 1, "field_types row for \(type).\(rule.name)")
            }
        }
    }
}
