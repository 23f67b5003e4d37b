import DocketTestSupport
import Foundation
import Postgres
import Testing
@testable import Queue

/// The queue's SQL on a real database, with time moved by hand.
@Suite struct QueueSQLTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    struct Setup {
        let db: TestDatabase
        let clock: ManualClock
        let queue: JobQueue
        func other(actor: String) throws -> JobQueue {
            JobQueue(connection: try db.connect(), clock: clock, actor: actor, random: { 0.5 })
        }
    }

    func setup() throws -> Setup {
        let db = try TestDatabase.create()
        let clock = ManualClock(start)
        let queue = JobQueue(connection: try db.connect(), clock: clock, actor: "w1", random: { 0.5 })
        return Setup(db: db, clock: clock, queue: queue)
    }

    func submit(_ q: JobQueue, _ names: [String], priority: Int = 0, pipeline: String = "default") throws -> [Int] {
        try q.submit(names.map { Submission(name: $0, content: Data("content of \($0)".utf8)) },
                     pipeline: pipeline, priority: priority, source: .cli)
    }

    /// Jobs are submitted with the database's clock; put them at the manual clock's start.
    func alignRunAt(_ q: JobQueue) throws {
        try q.connection.query("UPDATE docket.jobs SET run_at = $1", [start])
    }

    @Test func submittingTheSameDocumentTwiceReturnsTheSameJob() throws {
        let s = try setup()
        let first = try submit(s.queue, ["a.txt", "b.txt", "a.txt"])
        #expect(first[0] == first[2])
        #expect(first[0] != first[1])
        #expect(try submit(s.queue, ["a.txt"]) == [first[0]])
        // Another pipeline is another job; the document is stored once.
        #expect(try submit(s.queue, ["a.txt"], pipeline: "other") != [first[0]])
        #expect(try s.queue.connection.query("SELECT count(*) FROM docket.documents").scalar(Int.self) == 2)
        #expect(try s.queue.connection.query("SELECT count(*) FROM docket.job_events WHERE to_state = 'queued'").scalar(Int.self) == 3)
    }

    /// Batches of 16 or more new contents take submit_batch's plain-insert path; a content given
    /// twice or stored before sends the batch down the merging path. Either way ids come back
    /// in input order, each content is stored once and has one live job.
    @Test func batchesOfNewAndStoredContentsGetOneJobPerContentInInputOrder() throws {
        let s = try setup()
        let c = s.queue.connection
        let fresh = try submit(s.queue, (0..<40).map { "n\($0).txt" })
        #expect(fresh == fresh.sorted() && Set(fresh).count == 40)
        let documents = try c.query("SELECT id FROM docket.documents ORDER BY file_name COLLATE \"C\"").rows.map { try $0.decode(0, as: Int.self) }
        #expect(documents.count == 40)
        let byName = try c.query("""
            SELECT d.file_name, j.id FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id
            """).rows.map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Int.self)) }
        #expect(Dictionary(uniqueKeysWithValues: byName) == Dictionary(uniqueKeysWithValues: (0..<40).map { ("n\($0).txt", fresh[$0]) }))
        #expect(try c.query("SELECT count(*) FROM docket.job_event_log").scalar(Int.self) == 1, "one audit row for the batch")

        // Half stored, half new, one new content twice (positions 25 and 35).
        let names = (20..<40).map { "n\($0).txt" } + (40..<55).map { "n\($0).txt" } + ["n45.txt"]
        let mixed = try submit(s.queue, names)
        #expect(Array(mixed[0..<20]) == Array(fresh[20..<40]))
        #expect(mixed[25] == mixed[35])
        #expect(Set(mixed[20...]).count == 15 && Set(mixed[20...]).isDisjoint(with: fresh))
        #expect(try c.query("SELECT count(*) FROM docket.documents").scalar(Int.self) == 55)
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 55)
        #expect(try c.query("SELECT count(*) FROM docket.job_keys WHERE ended_job = 0").scalar(Int.self) == 55)
        #expect(try c.query("SELECT count(*) FROM docket.job_events WHERE to_state = 'queued'").scalar(Int.self) == 55)
        // The same batch again is all stored: the same ids, nothing new.
        #expect(try submit(s.queue, names) == mixed)
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 55)
    }

    @Test func aDeadJobDoesNotBlockResubmission() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a.txt"])[0]
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 1, lease: 30)
        _ = try s.queue.complete([JobOutcome(jobID: id, status: .failed(JobFailure(code: "corrupt", message: "bad", retryable: false)))], jobs: jobs)
        let again = try submit(s.queue, ["a.txt"])[0]
        #expect(again != id)
        // The dead one cannot come back while the new one is live.
        #expect(throws: QueueError.self) { try s.queue.retry(jobID: id) }
    }

    @Test func oversizedDocumentsAreRefusedWithTheLimit() throws {
        let s = try setup()
        try s.queue.connection.query("UPDATE docket.settings SET value = '10' WHERE key = 'max_document_bytes'")
        #expect(try s.queue.maxDocumentBytes() == 10)
        do {
            _ = try s.queue.submit([Submission(name: "big.pdf", content: Data(count: 11))], source: .cli)
            Issue.record("expected the size limit")
        } catch let error as PostgresError {
            #expect(error.sqlState == "54000")
            #expect(error.message.contains("big.pdf"))
            #expect(error.message.contains("over the limit of 10 bytes"))
        }
        #expect(try s.queue.connection.query("SELECT count(*) FROM docket.documents").scalar(Int.self) == 0)
    }

    @Test func claimsFollowPriorityThenRunAtThenId() throws {
        let s = try setup()
        let low = try submit(s.queue, ["low"], priority: 5)[0]
        let normal = try submit(s.queue, ["n1", "n2"], priority: 0)
        let urgent = try submit(s.queue, ["urgent"], priority: -1)[0]
        try alignRunAt(s.queue)
        let claimed = try s.queue.claim(limit: 10, lease: 30)
        #expect(Set(claimed.map(\.id)) == Set([urgent, low] + normal))
        // claim returns rows by id; the order of taking is checked one at a time.
        try s.queue.connection.query("UPDATE docket.jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL")
        var order: [Int] = []
        while let job = try s.queue.claim(limit: 1, lease: 30).first { order.append(job.id) }
        #expect(order == [urgent] + normal + [low])
    }

    @Test func concurrentClaimersNeverShareAJob() throws {
        let s = try setup()
        _ = try submit(s.queue, (0..<200).map { "f\($0)" })
        try alignRunAt(s.queue)
        let other = try s.other(actor: "w2")
        let collected = Collected()
        let group = DispatchGroup()
        for q in [s.queue, other] {
            group.enter()
            Thread {
                while let batch = try? q.claim(limit: 7, lease: 30), !batch.isEmpty { collected.add(batch.map(\.id)) }
                group.leave()
            }.start()
        }
        group.wait()
        let seen = collected.ids
        #expect(seen.count == 200)
        #expect(Set(seen).count == 200)
    }

    /// A batch that all succeeded sends its outputs as one object keyed by job id: each job gets
    /// its own output back, and a job that reported none keeps NULL.
    @Test func eachSucceededJobKeepsItsOwnOutput() throws {
        let s = try setup()
        let ids = try submit(s.queue, ["a", "b", "c"])
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 3, lease: 30)
        #expect(jobs.map(\.id) == ids)
        let outputs: [Int: String] = [ids[0]: #"{"size": 1, "name": "first"}"#, ids[2]: #"[3, "third"]"#]
        // Outcomes in another order than the claim, so a mix-up of positions would show.
        let outcomes = ids.reversed().map { JobOutcome(jobID: $0, status: .succeeded(output: outputs[$0])) }
        #expect(try s.queue.complete(outcomes, jobs: jobs).values.allSatisfy { $0 == .succeeded })
        let stored = try s.queue.connection.query("SELECT id, output::text FROM docket.jobs ORDER BY id").rows.map {
            (try $0.decode(0, as: Int.self), try $0.decode(1, as: String?.self))
        }
        #expect(stored.map(\.0) == ids)
        #expect(stored.map(\.1) == [#"{"name": "first", "size": 1}"#, nil, #"[3, "third"]"#])
    }

    @Test func anExpiredLeaseCannotCompleteAndIsRescuedWithTheAttemptCounted() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a"])[0]
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 1, lease: 30)
        #expect(jobs.first?.attempt == 1)
        s.clock.advance(by: 31)
        let result = try s.queue.complete([JobOutcome(jobID: id, status: .succeeded(output: nil), writes: { tx in
            try tx.query("CREATE TABLE must_not_exist (x int)")
        })], jobs: jobs)
        #expect(result[id] == .leaseLost)
        #expect(try s.queue.connection.query("SELECT to_regclass('must_not_exist') IS NULL").scalar(Bool.self))

        let rescuer = try s.other(actor: "w2")
        #expect(try rescuer.rescueExpired() == 1)
        #expect(try rescuer.rescueExpired() == 0)
        let again = try rescuer.claim(limit: 1, lease: 30)
        #expect(again.map(\.id) == [id])
        #expect(again.first?.attempt == 2)
        #expect(try rescuer.complete([JobOutcome(jobID: id, status: .succeeded(output: #"{"ok": true}"#))], jobs: again)[id] == .succeeded)
        let (summary, events) = try s.queue.job(id: id)
        #expect(summary.state == .succeeded)
        #expect(events.map(\.to) == [.queued, .running, .retrying, .running, .succeeded])
        #expect(events[2].errorCode == "lease_expired")
        #expect(events[3].actor == "w2")
    }

    @Test func heartbeatsKeepALeaseAlive() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a"])[0]
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 1, lease: 30)
        for _ in 0..<5 {
            s.clock.advance(by: 20)
            #expect(try s.queue.heartbeat(jobIDs: [id], lease: 30).isEmpty)
        }
        #expect(try s.queue.rescueExpired() == 0)
        s.clock.advance(by: 31)
        #expect(try s.queue.heartbeat(jobIDs: [id], lease: 30) == [id])
        #expect(try s.queue.complete([JobOutcome(jobID: id, status: .succeeded(output: nil))], jobs: jobs)[id] == .leaseLost)
    }

    @Test func failuresBackOffThenDie() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a"])[0]
        try s.queue.connection.query("UPDATE docket.jobs SET max_attempts = 3")
        try alignRunAt(s.queue)
        let failure = JobFailure(code: "timeout", message: "took too long", retryable: true)
        var delays: [TimeInterval] = []
        for attempt in 1...3 {
            let jobs = try s.queue.claim(limit: 1, lease: 30)
            #expect(jobs.map(\.attempt) == [attempt])
            let result = try s.queue.complete([JobOutcome(jobID: id, status: .failed(failure))], jobs: jobs)[id]
            if case .retrying(let at) = result {
                delays.append(at.timeIntervalSince(s.clock.now()))
                // Not claimable before its time.
                #expect(try s.queue.claim(limit: 1, lease: 30).isEmpty)
                s.clock.advance(by: at.timeIntervalSince(s.clock.now()))
            } else {
                #expect(result == .dead)
            }
        }
        #expect(delays == [5, 10])
        let (summary, _) = try s.queue.job(id: id)
        #expect(summary.state == .dead)
        #expect(summary.lastErrorCode == "timeout")
        #expect(summary.lastError == "took too long")
    }

    @Test func failedWritesRollBackAndRetry() throws {
        let s = try setup()
        let ids = try submit(s.queue, ["a", "b"])
        try alignRunAt(s.queue)
        try s.queue.connection.query("CREATE TABLE written (job_id bigint)")
        let jobs = try s.queue.claim(limit: 2, lease: 30)
        let outcomes = [
            JobOutcome(jobID: ids[0], status: .succeeded(output: nil), writes: { tx in
                try tx.query("INSERT INTO written VALUES ($1)", [ids[0]])
            }),
            JobOutcome(jobID: ids[1], status: .succeeded(output: nil), writes: { tx in
                try tx.query("INSERT INTO written VALUES ($1)", [ids[1]])
                try tx.query("SELECT 1/0")
            }),
        ]
        let result = try s.queue.complete(outcomes, jobs: jobs)
        #expect(result[ids[0]] == .succeeded)
        if case .retrying = result[ids[1]] {} else { Issue.record("expected retrying, got \(String(describing: result[ids[1]]))") }
        #expect(try s.queue.connection.query("SELECT array_agg(job_id) FROM written").scalar([Int].self) == [ids[0]])
    }

    @Test func cancellingARunningJobDiscardsItsResult() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a"])[0]
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 1, lease: 30)
        let admin = try s.other(actor: "admin")
        #expect(try admin.cancel(jobID: id) == .running)
        #expect(throws: QueueError.self) { try admin.cancel(jobID: id) }
        #expect(try s.queue.complete([JobOutcome(jobID: id, status: .succeeded(output: nil))], jobs: jobs)[id] == .leaseLost)
        #expect(try admin.retry(jobID: id) == .cancelled)
        #expect(throws: QueueError.self) { try admin.retry(jobID: 999_999) }
        #expect(try s.queue.claim(limit: 1, lease: 30).map(\.id) == [id])
    }

    @Test func releaseGivesJobsBackWithoutUsingAnAttempt() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a"])[0]
        try alignRunAt(s.queue)
        _ = try s.queue.claim(limit: 1, lease: 30)
        try s.queue.release(jobIDs: [id])
        #expect(try s.queue.claim(limit: 1, lease: 30).first?.attempt == 1)
    }

    @Test func theAuditTrailIsAppendOnly() throws {
        let s = try setup()
        _ = try submit(s.queue, ["a"])
        #expect(throws: PostgresError.self) { try s.queue.connection.query("UPDATE docket.job_events SET actor = 'x'") }
        #expect(throws: PostgresError.self) { try s.queue.connection.query("DELETE FROM docket.job_events") }
        #expect(try s.queue.connection.query("SELECT count(*) FROM docket.job_events").scalar(Int.self) == 1)
    }

    /// Migration 004 replaced the per-row foreign key with one check per statement; the rule
    /// it kept must still hold: no job without its document, no document deleted, no job moved.
    @Test func jobsAlwaysReferToAnExistingDocument() throws {
        let s = try setup()
        let id = try submit(s.queue, ["a"])[0]
        let c = s.queue.connection
        func state(_ sql: String) -> String? {
            do { try c.query(sql); return nil } catch let error as PostgresError { return error.sqlState } catch { return "?" }
        }
        #expect(state("""
            INSERT INTO docket.jobs (document_id, pipeline, pipeline_version, submitted_by)
            SELECT document_id, 'other', '1', 'x' FROM docket.jobs UNION ALL SELECT 999999, 'other', '1', 'x'
            """) == "23503")
        #expect(state("DELETE FROM docket.documents") == "23001")
        #expect(state("TRUNCATE docket.documents CASCADE") == "23001")
        #expect(state("UPDATE docket.jobs SET document_id = document_id + 1") == "23001")
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1)
        #expect(try c.query("SELECT count(*) FROM docket.documents").scalar(Int.self) == 1)
        // Updates that leave document_id alone (claims, completions) are untouched by the rule.
        #expect(try s.queue.claim(limit: 1, lease: 30).map(\.id) == [id])
    }

    /// Chunks sent over two connections at once: ids come back in input order, and a content
    /// repeated in chunks that run at the same time is one document with one job.
    @Test func bulkSubmissionKeepsOrderAndDeduplicatesAcrossConnections() throws {
        let s = try setup()
        let bulk = try BulkSubmitter(connections: 2, actor: "bulk", connect: { try s.db.connect() })
        // Content i % 450 in chunks of 300: the two chunks of the first round both send
        // contents 0…149 at the same moment; later rounds repeat committed ones.
        let submissions = (0..<2_400).map { Submission(name: "f\($0).txt", content: Data("content \($0 % 450)".utf8)) }
        let ids = try bulk.submit(submissions, source: .cli, chunkSize: 300)
        #expect(ids.count == 2_400)
        for i in 450..<2_400 { #expect(ids[i] == ids[i % 450], "position \(i)") }
        #expect(Set(ids).count == 450)
        let c = s.queue.connection
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 450)
        #expect(try c.query("SELECT count(*) FROM docket.documents").scalar(Int.self) == 450)
        #expect(try c.query("SELECT count(*) FROM docket.job_events").scalar(Int.self) == 450)
        // Content 200 is sent as f200, f650, f1100, …: the name of whichever chunk committed it
        // first stays. Chunks stream (a free connection takes the next chunk while the other's is
        // still out), so which one that is depends on timing: f650's chunk may commit before
        // f200's does.
        let name = try c.query("SELECT file_name FROM docket.documents WHERE content = $1", [Data("content 200".utf8)]).scalar(String.self)
        #expect(stride(from: 200, to: 2_400, by: 450).map { "f\($0).txt" }.contains(name))
    }

    /// One chunk failing (here: a document over the size limit) leaves the chunks around it
    /// committed and reported in order, and the failure is the chunk's own.
    @Test func aFailingChunkLeavesTheOthersCommitted() throws {
        let s = try setup()
        try s.queue.connection.query("UPDATE docket.settings SET value = '100' WHERE key = 'max_document_bytes'")
        let bulk = try BulkSubmitter(connections: 2, actor: "bulk", connect: { try s.db.connect() })
        let good = (0..<50).map { Submission(name: "g\($0)", content: Data("good \($0)".utf8)) }
        let bad = [Submission(name: "big", content: Data(count: 500))] + (0..<10).map { Submission(name: "b\($0)", content: Data("b \($0)".utf8)) }
        let after = (0..<20).map { Submission(name: "a\($0)", content: Data("after \($0)".utf8)) }
        var chunks = [good, bad, after][...]
        var results: [Result<[Int], Error>] = []
        try bulk.submitStream(source: .cli, next: { chunks.popFirst() }, deliver: { results.append($0); return true })
        #expect(results.count == 3)
        #expect(try results[0].get().count == 50)
        #expect(throws: PostgresError.self) { try results[1].get() }
        #expect(try results[2].get().count == 20)
        #expect(try s.queue.connection.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 70, "the failed chunk rolled back whole")
    }

    /// A consumer that stops at the first failure gets no later results and no more chunks are
    /// read; the call returns once the chunks already handed to connections have finished.
    @Test func stoppingTheStreamTakesNoMoreChunks() throws {
        let s = try setup()
        try s.queue.connection.query("UPDATE docket.settings SET value = '100' WHERE key = 'max_document_bytes'")
        let bulk = try BulkSubmitter(connections: 2, actor: "bulk", connect: { try s.db.connect() })
        var produced = 0
        var delivered = 0
        try bulk.submitStream(source: .cli, next: {
            guard produced < 100 else { return nil }
            produced += 1
            // The first chunk fails; each later one is a single small document.
            return produced == 1 ? [Submission(name: "big", content: Data(count: 500))]
                : [Submission(name: "c\(produced)", content: Data("chunk \(produced)".utf8))]
        }, deliver: { result in
            delivered += 1
            return (try? result.get()) != nil
        })
        #expect(delivered == 1)
        #expect(produced < 100, "chunks stop being read once the consumer stops")
        let jobs = try s.queue.connection.query("SELECT count(*) FROM docket.jobs").scalar(Int.self)
        // Chunks still waiting for a connection when the consumer stopped are dropped, never sent.
        #expect(jobs <= produced - 1)
        #expect(try s.queue.connection.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == jobs,
                "nothing was still in flight after the call returned")
    }

    @Test func submittingWakesListeners() throws {
        let s = try setup()
        let listener = try s.db.connect()
        try listener.listen("docket_jobs")
        _ = try submit(s.queue, ["a"])
        let got = try listener.waitForNotifications(timeout: .seconds(10))
        #expect(got.first?.channel == "docket_jobs")
    }

    @Test func statusCountsStatesAndListsDeadJobs() throws {
        let s = try setup()
        let ids = try submit(s.queue, ["a", "b", "c"])
        try alignRunAt(s.queue)
        let jobs = try s.queue.claim(limit: 1, lease: 30)
        _ = try s.queue.complete([JobOutcome(jobID: jobs[0].id, status: .failed(JobFailure(code: "encrypted", message: "needs a password", retryable: false)))], jobs: jobs)
        s.clock.advance(by: 10)
        let status = try s.queue.status()
        #expect(status.counts[.queued] == 2)
        #expect(status.counts[.dead] == 1)
        #expect(status.deadJobs.map(\.id) == [ids[0]])
        #expect(status.oldestQueuedAge == 10)
        #expect(status.finishedLastMinute == 1)
    }
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func add(_ more: [Int]) { lock.withLock { stored += more } }
    var ids: [Int] { lock.withLock { stored } }
}
