import DocketTestSupport
import Foundation
import Postgres
import Testing
@testable import Queue

/// Migration 005: one audit row per statement (job_event_log), read per job through the
/// job_events view and docket.job_history; live-job uniqueness kept by job_keys.
extension QueueSQLTests {
    @Test func aBatchIsOneAuditRowAndEveryJobKeepsItsOwnHistory() throws {
        let s = try setup()
        let ids = try submit(s.queue, ["ok", "again", "broken"])
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 3, lease: 30)
        #expect(jobs.map(\.id) == ids)
        _ = try s.queue.complete([
            JobOutcome(jobID: ids[0], status: .succeeded(output: nil)),
            JobOutcome(jobID: ids[1], status: .failed(JobFailure(code: "timeout", message: "took too long", retryable: true))),
            JobOutcome(jobID: ids[2], status: .failed(JobFailure(code: "corrupt", message: "no xref table", retryable: false))),
        ], jobs: jobs)
        let c = s.queue.connection
        // Submission, claim and completion: three statements, three rows, nine events.
        #expect(try c.query("SELECT count(*) FROM docket.job_event_log").scalar(Int.self) == 3)
        #expect(try c.query("SELECT count(*) FROM docket.job_events").scalar(Int.self) == 9)

        func history(_ id: Int) throws -> [String] {
            try c.query("""
                SELECT coalesce(from_state::text, '-') || '>' || to_state::text || coalesce(':' || error_code, '')
                FROM docket.job_history($1)
                """, [id]).rows.map { try $0.decode(0, as: String.self) }
        }
        #expect(try history(ids[0]) == ["->queued", "queued>running", "running>succeeded"])
        #expect(try history(ids[1]) == ["->queued", "queued>running", "running>retrying:timeout"])
        #expect(try history(ids[2]) == ["->queued", "queued>running", "running>dead:corrupt"])
        #expect(try c.query("SELECT error FROM docket.job_history($1) WHERE to_state = 'dead'", [ids[2]]).scalar(String.self) == "no xref table")
        #expect(try history(999_999).isEmpty)
        // The CLI's reader gives the same history.
        #expect(try s.queue.job(id: ids[1]).1.map(\.to) == [.queued, .running, .retrying])
    }

    @Test func anEndedJobFreesItsKeyAndARetryTakesItBack() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a.txt"])[0]
        let c = s.queue.connection
        func keys() throws -> [String] {
            try c.query("SELECT job_id || '/' || ended_job FROM docket.job_keys ORDER BY job_id").rows.map { try $0.decode(0, as: String.self) }
        }
        #expect(try keys() == ["\(id)/0"])
        try s.queue.cancel(jobID: id)
        #expect(try keys() == ["\(id)/\(id)"])
        // Retried, it is live again and a new submission finds it instead of making another job.
        #expect(try s.queue.retry(jobID: id) == .cancelled)
        #expect(try keys() == ["\(id)/0"])
        #expect(try submit(s.queue, ["a.txt"]) == [id])
        // Cancelled again, a new submission gets a new job, and the old one cannot come back.
        try s.queue.cancel(jobID: id)
        let newer = try submit(s.queue, ["a.txt"])[0]
        #expect(newer != id)
        #expect(try keys() == ["\(id)/\(id)", "\(newer)/0"])
        #expect(throws: QueueError.self) { try s.queue.retry(jobID: id) }
        #expect(try keys() == ["\(id)/\(id)", "\(newer)/0"])
    }

    @Test func theEventLogItselfIsAppendOnly() throws {
        let s = try setup()
        _ = try submit(s.queue, ["a"])
        let c = s.queue.connection
        #expect(sqlState { try c.query("UPDATE docket.job_event_log SET actor = 'x'") } == "42501")
        #expect(sqlState { try c.query("DELETE FROM docket.job_event_log") } == "42501")
        #expect(sqlState { try c.query("TRUNCATE docket.job_event_log") } == "42501")
        #expect(try c.query("SELECT count(*) FROM docket.job_event_log").scalar(Int.self) == 1)
    }
}
