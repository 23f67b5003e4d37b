import DocketTestSupport
import Foundation
import Postgres
import Testing
@testable import Queue

/// The grants, checked by really switching roles. Roles are cluster-wide, so each test makes
/// its own with a unique suffix and drops them at the end.
@Suite struct RoleTests {
    @Test func submittersSeeOnlyTheirOwnJobsAndNoDocuments() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let a = try makeRole(c, "sub_a_\(tag)", in: "docket_submitter")
        let b = try makeRole(c, "sub_b_\(tag)", in: "docket_submitter")
        let reader = try makeRole(c, "reader_\(tag)", in: "docket_reader")
        defer { for r in [a, b, reader] { try? c.unsafeExecute("RESET ROLE; DROP ROLE IF EXISTS \(r)") } }
        let content = Data("%PDF-1.4 same bytes".utf8)

        try c.unsafeExecute("SET ROLE \(a)")
        let jobA = try c.query("SELECT docket.submit('a.pdf', $1)", [content]).scalar(Int.self)
        #expect(try c.query("SELECT docket.submit('a.pdf', $1)", [content]).scalar(Int.self) == jobA)
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1)
        #expect(try c.query("SELECT submitted_by FROM docket.jobs").scalar(String.self) == "sub_a_\(tag)")

        try c.unsafeExecute("SET ROLE \(b)")
        let jobB = try c.query("SELECT docket.submit('copy.pdf', $1)", [content]).scalar(Int.self)
        #expect(jobB != jobA, "dedup never hands one submitter another's job")
        #expect(try c.query("SELECT array_agg(id) FROM docket.jobs").scalar([Int].self) == [jobB])
        #expect(try c.query("SELECT count(*) FROM docket.job_events").scalar(Int.self) == 1)
        // History through the function too: its own job's, not the other submitter's.
        #expect(try c.query("SELECT count(*) FROM docket.job_history($1)", [jobB]).scalar(Int.self) == 1)
        #expect(try c.query("SELECT count(*) FROM docket.job_history($1)", [jobA]).scalar(Int.self) == 0)
        #expect(sqlState { try c.query("SELECT count(*) FROM docket.job_event_log") } == "42501")
        #expect(sqlState { try c.query("SELECT count(*) FROM docket.job_keys WHERE submitted_by <> current_user") } == nil)
        #expect(try c.query("SELECT count(*) FROM docket.job_keys").scalar(Int.self) == 1)
        #expect(try c.query("SELECT state::text FROM docket.jobs WHERE id = $1", [jobB]).scalar(String.self) == "queued")
        #expect(sqlState { try c.query("SELECT content FROM docket.documents") } == "42501")
        #expect(sqlState { try c.query("SELECT lease_owner FROM docket.jobs") } == "42501")
        #expect(sqlState { try c.query("UPDATE docket.jobs SET priority = -100") } == "42501")

        try c.unsafeExecute("SET ROLE \(reader)")
        #expect(sqlState { try c.query("SELECT id FROM docket.jobs") } == "42501")
        #expect(sqlState { try c.query("SELECT id FROM docket.documents") } == "42501")
        #expect(sqlState { try c.query("SELECT docket.submit('x', '\\x00'::bytea)") } == "42501")
    }

    @Test func workersCanClaimAndComplete() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let worker = try makeRole(c, "worker_\(tag)", in: "docket_worker")
        defer { try? c.unsafeExecute("RESET ROLE; DROP ROLE IF EXISTS \(worker)") }
        let id = try c.query("SELECT docket.submit('a.txt', $1)", [Data("hi".utf8)]).scalar(Int.self)
        try c.unsafeExecute("SET ROLE \(worker)")
        let queue = JobQueue(connection: c, actor: "w")
        let jobs = try queue.claim(limit: 5, lease: 30)
        #expect(jobs.map(\.id) == [id])
        let document = try queue.document(of: jobs[0])
        #expect(document?.content == Data("hi".utf8))
        #expect(document?.fileName == "a.txt")
        #expect(document?.sizeBytes == 2)
        #expect(try queue.complete([JobOutcome(jobID: id, status: .succeeded(output: "{}"))], jobs: jobs)[id] == .succeeded)
        #expect(sqlState { try c.query("DELETE FROM docket.jobs") } == "42501")
    }
}
