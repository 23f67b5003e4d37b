import DocketTestSupport
import Foundation
import Postgres
import Testing
@testable import Results

@Suite struct ReviewAndAccessTests {
    @Test func submittersReadOnlyTheirOwnResults() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let a = try makeRole(c, "res_a_\(tag)", in: "docket_submitter")
        let b = try makeRole(c, "res_b_\(tag)", in: "docket_submitter")
        let reader = try makeRole(c, "res_r_\(tag)", in: "docket_reader")
        defer { for r in [a, b, reader] { try? c.unsafeExecute("RESET ROLE; DROP ROLE IF EXISTS \(r)") } }
        let run = PipelineRun(db)
        let cii = try run.fixture("cii_invoice.xml").1, ubl = try run.fixture("ubl_credit_note.xml").1
        try c.unsafeExecute("SET ROLE \(a)")
        _ = try c.query("SELECT docket.submit('a.xml', $1)", [cii])
        try c.unsafeExecute("SET ROLE \(b)")
        _ = try c.query("SELECT docket.submit('b.xml', $1)", [ubl])
        try c.unsafeExecute("RESET ROLE")
        run.drain()

        try c.unsafeExecute("SET ROLE \(a)")
        #expect(try c.query("SELECT array_agg(invoice_number) FROM docket.invoices").scalar([String].self) == ["RE-2026-118"])
        #expect(try c.query("SELECT count(*) FROM docket.results").scalar(Int.self) == 1)
        #expect(try c.query("SELECT count(DISTINCT result_id) FROM docket.fields").scalar(Int.self) == 1)
        #expect(sqlState { _ = try c.query("SELECT content FROM docket.documents") } == "42501")
        try c.unsafeExecute("SET ROLE \(b)")
        #expect(try c.query("SELECT array_agg(invoice_number) FROM docket.invoices").scalar([String].self) == ["CN-2026-0031"])
        try c.unsafeExecute("SET ROLE \(reader)")
        #expect(try c.query("SELECT count(*) FROM docket.invoices").scalar(Int.self) == 2)
        #expect(sqlState { _ = try c.query("SELECT content FROM docket.documents") } == "42501")
        #expect(sqlState { _ = try c.query("SELECT docket.resolve_review(1, '{}')") } == "42501")
        try c.unsafeExecute("RESET ROLE")
    }

    @Test func resolvingAReviewKeepsTheExtractedValuesAndRecordsWhoChangedWhat() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let reviewer = try makeRole(c, "rev_\(tag)", in: "docket_reviewer")
        defer { try? c.unsafeExecute("RESET ROLE; DROP ROLE IF EXISTS \(reviewer)") }
        let run = PipelineRun(db)
        // The page disagrees with the embedded XML on the total, so this invoice needs review.
        let pdf = try Data(contentsOf: URL(fileURLWithPath: Repository.shared + "/corpus/invoices/mustang_weclapp_re1001.pdf"))
        try run.submit([("re1001.pdf", pdf)])
        run.drain()
        let resultID = try c.query("SELECT result_id FROM docket.review_queue").scalar(Int.self)

        try c.unsafeExecute("SET ROLE \(reviewer)")
        #expect(sqlState { _ = try c.query("SELECT docket.resolve_review($1, '{\"total_amount\": \"lots\"}')", [resultID]) } == "22023")
        #expect(sqlState { _ = try c.query("SELECT docket.resolve_review($1, '{\"shoe_size\": 44}')", [resultID]) } == "22023")
        _ = try c.query("SELECT docket.resolve_review($1, '{\"total_amount\": 963.12, \"due_date\": \"2022-11-09\"}')", [resultID])
        try c.unsafeExecute("RESET ROLE")

        #expect(try c.query("SELECT count(*) FROM docket.review_queue").scalar(Int.self) == 0)
        let row = try c.query("SELECT status, reviewed_by, fields ? 'due_date' FROM docket.results WHERE id = $1", [resultID])[0]
        #expect(try row.decode(0, as: String.self) == "reviewed")
        #expect(try row.decode(1, as: String.self) == "rev_\(tag)")
        #expect(try row.decode(2, as: Bool.self) == false, "the extracted fields stay as extracted")
        #expect(try c.query("SELECT total_amount::text FROM docket.invoices").scalar(String.self) == "963.12")
        #expect(try c.query("SELECT due_date::text FROM docket.invoices").scalar(String.self) == "2022-11-09")
        let corrections = try c.query("SELECT field, corrected_by FROM docket.review_corrections ORDER BY field")
        #expect(try corrections.rows.map { try $0.decode(0, as: String.self) } == ["due_date", "total_amount"])
        #expect(try c.query("SELECT value_number::text FROM docket.fields WHERE result_id = $1 AND name = 'total_amount' AND decided_by = 'review'",
                            [resultID]).scalar(String.self) == "963.12")
    }

    @Test func purgeDropsOldContentOfEndedJobsAndOptionallyResults() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let run = PipelineRun(db)
        try run.submit([try run.fixture("cii_invoice.xml"), try run.fixture("fhir_eob.xml")])
        run.drain()
        // A third document is still queued: its content must survive any purge.
        try run.submit([try run.fixture("xbrl_small.xml")])
        try c.query("UPDATE docket.documents SET created_at = now() - interval '100 days'")
        try c.query("UPDATE docket.results SET created_at = now() - interval '100 days'")
        let store = ResultStore(connection: c)
        #expect(try store.purge(olderThan: Date().addingTimeInterval(-90 * 86_400), results: false, pipeline: "other") == (0, 0),
                "the sweep of one pipeline leaves documents of another alone")
        #expect(try store.purge(olderThan: Date().addingTimeInterval(-90 * 86_400), results: false, pipeline: "default") == (2, 0))
        #expect(try c.query("SELECT count(*) FROM docket.documents WHERE content IS NULL").scalar(Int.self) == 2)
        #expect(try c.query("SELECT count(*) FROM docket.documents WHERE content IS NOT NULL").scalar(Int.self) == 1)
        #expect(try c.query("SELECT count(*) FROM docket.documents WHERE sha256 IS NOT NULL").scalar(Int.self) == 3, "hashes stay")
        #expect(try store.purge(olderThan: Date().addingTimeInterval(-90 * 86_400), results: true) == (0, 2))
        #expect(try c.query("SELECT count(*) FROM docket.fields").scalar(Int.self) == 0)
    }

    @Test func aPipelineThatKeepsNoContentDropsItAtCompletion() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        var run = PipelineRun(db)
        run.pipeline.keepContent = false
        try run.submit([try run.fixture("fhir_eob.xml")])
        run.drain()
        #expect(try c.query("SELECT content IS NULL, size_bytes > 0 FROM docket.documents")[0].decode(0, as: Bool.self))
        #expect(try c.query("SELECT count(*) FROM docket.explanations_of_benefits").scalar(Int.self) == 1)
    }
}
