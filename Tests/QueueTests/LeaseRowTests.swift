import DocketTestSupport
import Foundation
import Postgres
import Testing
@testable import Queue

/// One lease row per claimed batch (migration 010): how rescue finds running jobs now that no
/// index covers them. A running job must always be listed in a row of its owner that has not
/// expired before the job's own lease, or a dead worker's jobs would never be rescued.
@Suite struct LeaseRowTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    struct LeaseRow: Equatable {
        var owner: String
        var jobIDs: [Int]
        var expiresAt: Date
    }

    func setup() throws -> (TestDatabase, ManualClock, JobQueue) {
        let db = try TestDatabase.create()
        let clock = ManualClock(start)
        return (db, clock, JobQueue(connection: try db.connect(), clock: clock, actor: "w1", random: { 0.5 }))
    }

    func submit(_ q: JobQueue, count: Int) throws -> [Int] {
        let ids = try q.submit((0..<count).map { Submission(name: "d\($0)", content: Data("content \($0)".utf8)) }, source: .cli)
        try q.connection.query("UPDATE docket.jobs SET run_at = $1", [start])
        return ids
    }

    func leaseRows(_ c: Connection) throws -> [LeaseRow] {
        try c.query("SELECT owner, job_ids, expires_at FROM docket.job_leases ORDER BY id").rows.map {
            LeaseRow(owner: try $0.decode(0), jobIDs: try $0.decode(1, as: [Int].self).sorted(), expiresAt: try $0.decode(2))
        }
    }

    @Test func eachClaimListsItsJobsInOneRowThatGoesWhenTheBatchCompletes() throws {
        let (_, clock, q) = try setup()
        let ids = try submit(q, count: 5)
        let first = try q.claim(limit: 3, lease: 30)
        let second = try q.claim(limit: 3, lease: 30)
        #expect(Set(first.map(\.leaseID)).count == 1 && Set(second.map(\.leaseID)).count == 1)
        #expect(try leaseRows(q.connection) == [
            LeaseRow(owner: "w1", jobIDs: Array(ids[0..<3]), expiresAt: start.addingTimeInterval(30)),
            LeaseRow(owner: "w1", jobIDs: Array(ids[3..<5]), expiresAt: start.addingTimeInterval(30)),
        ])
        // All succeeded (the two-array statement) and a mix with a failure (the general one).
        let succeeded = try q.complete(first.map { JobOutcome(jobID: $0.id, status: .succeeded(output: #"{"n": 1}"#)) }, jobs: first)
        #expect(succeeded.values.allSatisfy { $0 == .succeeded })
        let failure = JobFailure(code: "corrupt", message: "not a PDF", retryable: false)
        let mixed = try q.complete([JobOutcome(jobID: ids[3], status: .succeeded(output: nil)),
                                    JobOutcome(jobID: ids[4], status: .failed(failure))], jobs: second)
        #expect(mixed == [ids[3]: .succeeded, ids[4]: .dead])
        #expect(try leaseRows(q.connection).isEmpty)
        let withOutput = try q.connection.query(#"SELECT array_agg(id ORDER BY id) FROM docket.jobs WHERE output = '{"n": 1}'"#)
            .scalar([Int].self)
        #expect(withOutput == Array(ids[0..<3]))
        #expect(try q.connection.query("SELECT count(*) FROM docket.jobs WHERE output IS NOT NULL").scalar(Int.self) == 3)
        clock.advance(by: 60)
        #expect(try q.rescueExpired() == 0)
    }

    @Test func aBatchFinishedInPartsKeepsItsRowWhileAJobRunsAndRescuePrunesItAfter() throws {
        let (_, clock, q) = try setup()
        let ids = try submit(q, count: 2)
        let batch = try q.claim(limit: 2, lease: 30)
        _ = try q.complete([JobOutcome(jobID: ids[0], status: .succeeded(output: nil))], jobs: batch)
        #expect(try leaseRows(q.connection).map(\.jobIDs) == [ids])
        // The heartbeat moves the row with the job it still holds.
        clock.advance(by: 20)
        #expect(try q.heartbeat(jobIDs: [ids[1]], lease: 30).isEmpty)
        #expect(try leaseRows(q.connection).map(\.expiresAt) == [start.addingTimeInterval(50)])
        clock.advance(by: 20)
        #expect(try q.rescueExpired() == 0)
        #expect(try q.complete([JobOutcome(jobID: ids[1], status: .succeeded(output: nil))], jobs: batch)[ids[1]] == .succeeded)
        // Neither completion listed the whole batch, so the row outlives it until rescue looks.
        #expect(try leaseRows(q.connection).count == 1)
        clock.advance(by: 11)
        #expect(try q.rescueExpired() == 0)
        #expect(try leaseRows(q.connection).isEmpty)
    }

    @Test func aJobLockedByItsCompletingOwnerKeepsItsRowForTheNextRescue() throws {
        let (db, clock, q) = try setup()
        let id = try submit(q, count: 1)[0]
        _ = try q.claim(limit: 1, lease: 30)
        clock.advance(by: 31)
        let rescuer = JobQueue(connection: try db.connect(), clock: clock, actor: "w2", random: { 0.5 })
        let holder = try db.connect()
        try holder.transaction { tx in
            try tx.query("SELECT id FROM docket.jobs WHERE id = $1 FOR UPDATE", [id])
            #expect(try rescuer.rescueExpired() == 0)
        }
        #expect(try leaseRows(q.connection).count == 1)
        #expect(try rescuer.rescueExpired() == 1)
        #expect(try leaseRows(q.connection).isEmpty)
        // Claimed again by the rescuer: its own row, which the first owner's expiry never touches.
        let again = try rescuer.claim(limit: 1, lease: 30)
        #expect(again.map(\.id) == [id])
        #expect(try leaseRows(q.connection) == [LeaseRow(owner: "w2", jobIDs: [id], expiresAt: start.addingTimeInterval(61))])
    }

    /// A worker told to exit when idle stops only when nothing waits, not even a retry due
    /// later, and nothing runs: running jobs are found through their lease rows.
    @Test func theQueueIsDrainedOnlyWhenNothingWaitsOrRuns() throws {
        let (_, clock, q) = try setup()
        #expect(try q.isDrained())
        let id = try submit(q, count: 1)[0]
        #expect(try !q.isDrained())
        var jobs = try q.claim(limit: 1, lease: 30)
        #expect(try !q.isDrained(), "running")
        let failure = JobFailure(code: "timeout", message: "took too long", retryable: true)
        guard case .retrying = try q.complete([JobOutcome(jobID: id, status: .failed(failure))], jobs: jobs)[id] else {
            Issue.record("expected a retry"); return
        }
        #expect(try !q.isDrained(), "a retry due later still waits")
        clock.advance(by: 3600)
        jobs = try q.claim(limit: 1, lease: 30)
        #expect(try q.complete([JobOutcome(jobID: id, status: .succeeded(output: nil))], jobs: jobs)[id] == .succeeded)
        #expect(try q.isDrained())
    }

    /// Jobs running when migration 010 is applied get rows, so a worker that was killed before
    /// the upgrade still has its jobs rescued after it.
    @Test func theMigrationGivesJobsRunningBeforeItTheirRows() throws {
        let db = try TestDatabase.create(migrated: false)
        let c = try db.connect()
        let earlier = FileManager.default.temporaryDirectory.appendingPathComponent("docket-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: earlier, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: earlier) }
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.migrations).filter { $0.hasSuffix(".sql") }.sorted()
        for file in files where file < "010" {
            try FileManager.default.copyItem(atPath: Repository.migrations + "/" + file, toPath: earlier.appendingPathComponent(file).path)
        }
        _ = try Migrator(folder: earlier.path).migrate(on: c)
        let ids = try c.query("SELECT job_id FROM docket.submit_batch(ARRAY['a', 'b', 'c'], ARRAY['1'::bytea, '2', '3'])")
            .rows.map { try $0.decode(0, as: Int.self) }
        try c.query("""
            UPDATE docket.jobs SET state = 'running', attempts = 1, lease_owner = CASE WHEN id = $2 THEN 'old-b' ELSE 'old-a' END,
                lease_expires_at = $1 + make_interval(secs => id::float8)
            WHERE id = ANY($3)
            """, [start, ids[2], Array(ids[0..<3])])
        _ = try Migrator(folder: Repository.migrations).migrate(on: c)
        let rows = try leaseRows(c)
        #expect(rows == [LeaseRow(owner: "old-a", jobIDs: [ids[0], ids[1]], expiresAt: start.addingTimeInterval(Double(ids[1]))),
                         LeaseRow(owner: "old-b", jobIDs: [ids[2]], expiresAt: start.addingTimeInterval(Double(ids[2])))]
            || rows == [LeaseRow(owner: "old-b", jobIDs: [ids[2]], expiresAt: start.addingTimeInterval(Double(ids[2]))),
                        LeaseRow(owner: "old-a", jobIDs: [ids[0], ids[1]], expiresAt: start.addingTimeInterval(Double(ids[1])))])
        let rescuer = JobQueue(connection: c, clock: ManualClock(start.addingTimeInterval(3600)), actor: "new", random: { 0.5 })
        #expect(try rescuer.rescueExpired() == 3)
        #expect(try leaseRows(c).isEmpty)
    }
}
