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

    /// Migration 007: job_history reads a job's rows through jobs.event_ids, which every writer of
    /// the log appends to. After each kind of state change, each job's history must equal what a
    /// scan of the whole log says about it.
    @Test func everyWriterOfTheLogListsItsRowOnTheJobsItMoved() throws {
        let s = try setup()
        let c = s.queue.connection
        let bulk = try submit(s.queue, (0..<20).map { "bulk\($0)" })  // the plain-insert path
        let few = try submit(s.queue, ["few0", "few1", "bulk3"])         // the merging path
        #expect(few[2] == bulk[3])
        try alignRunAt(s.queue)
        var jobs = try s.queue.claim(limit: 6, lease: 30)
        _ = try s.queue.complete([
            JobOutcome(jobID: jobs[0].id, status: .succeeded(output: nil)),
            JobOutcome(jobID: jobs[1].id, status: .failed(JobFailure(code: "timeout", message: "slow", retryable: true))),
            JobOutcome(jobID: jobs[2].id, status: .failed(JobFailure(code: "corrupt", message: "bad", retryable: false))),
        ], jobs: jobs)
        try s.queue.release(jobIDs: [jobs[3].id])
        try s.queue.cancel(jobID: jobs[4].id)
        s.clock.advance(by: 31)
        #expect(try s.queue.rescueExpired() == 1)  // jobs[5]
        try s.queue.retry(jobID: jobs[2].id)
        try s.queue.cancel(jobID: few[0])
        jobs = try s.queue.claim(limit: 2, lease: 30)
        #expect(jobs.count == 2)

        let all = bulk + few[0..<2]
        var changes = 0
        for id in all {
            let viaIDs = try c.query("""
                SELECT coalesce(from_state::text, '-') || '>' || to_state::text FROM docket.job_history($1)
                """, [id]).rows.map { try $0.decode(0, as: String.self) }
            let viaScan = try c.query("""
                SELECT coalesce(from_state::text, '-') || '>' || to_state::text FROM docket.job_events WHERE job_id = $1 ORDER BY id
                """, [id]).rows.map { try $0.decode(0, as: String.self) }
            #expect(viaIDs == viaScan, "job \(id)")
            #expect(viaIDs.first == "->queued", "job \(id)")
            changes += viaScan.count
        }
        // 22 submissions, 6 + 2 claims, 3 completions, a release, 2 cancels, a rescue, a retry.
        #expect(changes == 22 + 8 + 3 + 1 + 2 + 1 + 1)
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE cardinality(event_ids) = 0").scalar(Int.self) == 0)
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
