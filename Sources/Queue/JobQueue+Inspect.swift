import Foundation
import Postgres

/// One line of `docket jobs`.
public struct JobSummary: Sendable {
    public var id: Int
    public var state: JobState
    public var pipeline: String
    public var priority: Int
    public var attempts: Int
    public var maxAttempts: Int
    public var fileName: String
    public var sizeBytes: Int
    public var updatedAt: Date
    public var lastErrorCode: String?
    public var lastError: String?
    public var submittedBy: String
}

/// One row of a job's history.
public struct JobEvent: Sendable {
    public var at: Date
    public var actor: String
    public var from: JobState?
    public var to: JobState
    public var attempt: Int
    public var errorCode: String?
    public var error: String?
}

/// What `docket status` shows.
public struct QueueStatus: Sendable {
    public var counts: [JobState: Int]
    public var oldestQueuedAge: TimeInterval?
    public var finishedLastMinute: Int
    public var deadJobs: [JobSummary]
}

extension JobQueue {
    static let summaryColumns = """
        j.id, j.state::text, j.pipeline, j.priority, j.attempts, j.max_attempts, d.file_name, d.size_bytes,
        j.updated_at, j.last_error_code, j.last_error, j.submitted_by
        """

    public func jobs(state: JobState? = nil, limit: Int = 50) throws -> [JobSummary] {
        try connection.query("""
            SELECT \(JobQueue.summaryColumns)
            FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id
            WHERE $1::text IS NULL OR j.state = $1::docket.job_state
            ORDER BY j.id DESC LIMIT $2
            """, [state?.rawValue, limit]).rows.map(JobQueue.summary)
    }

    public func job(id: Int) throws -> (JobSummary, [JobEvent]) {
        let rows = try connection.query("""
            SELECT \(JobQueue.summaryColumns)
            FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id WHERE j.id = $1
            """, [id]).rows
        guard let row = rows.first else { throw QueueError.noSuchJob(id) }
        let events = try connection.query("""
            SELECT at, actor, from_state::text, to_state::text, attempt, error_code, error
            FROM docket.job_history($1)
            """, [id]).rows.map { row in
            JobEvent(at: try row.decode(0), actor: try row.decode(1),
                     from: try row.decode(2, as: String?.self).flatMap(JobState.init(rawValue:)),
                     to: JobState(rawValue: try row.decode(3)) ?? .queued, attempt: try row.decode(4),
                     errorCode: try row.decode(5), error: try row.decode(6))
        }
        return (try JobQueue.summary(row), events)
    }

    public func status() throws -> QueueStatus {
        let now = clock.now()
        var counts: [JobState: Int] = [:]
        for row in try connection.query("SELECT state::text, count(*) FROM docket.jobs GROUP BY state").rows {
            if let state = JobState(rawValue: try row.decode(0)) { counts[state] = try row.decode(1) }
        }
        let oldest = try connection.query("""
            SELECT min(run_at) FROM docket.jobs WHERE state IN ('queued', 'retrying') AND run_at <= $1
            """, [now]).scalar(Date?.self)
        let finished = try connection.query("""
            SELECT count(*) FROM docket.jobs WHERE state IN ('succeeded', 'dead') AND finished_at > $1
            """, [now.addingTimeInterval(-60)]).scalar(Int.self)
        let dead = try connection.query("""
            SELECT \(JobQueue.summaryColumns)
            FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id
            WHERE j.state = 'dead' ORDER BY j.updated_at DESC LIMIT 10
            """).rows.map(JobQueue.summary)
        return QueueStatus(counts: counts, oldestQueuedAge: oldest.map { now.timeIntervalSince($0) },
                           finishedLastMinute: finished, deadJobs: dead)
    }

    /// No job is waiting (queued or retrying, whenever it may run) and none is running.
    public func isDrained() throws -> Bool {
        // Both halves go through an index, whatever the statistics say, and are not compiled
        // (workers run with JIT off): statistics taken while every job was queued planned
        // `EXISTS (… state IN …)` as a sequential scan of the whole table and the running half
        // as a parallel one, costly enough to be JIT-compiled, ~100 ms at the end of each loop
        // of a 100,000-job drain; like this it takes 1-3 ms. Running jobs are found through
        // their batches' lease rows (migration 010).
        try connection.transaction { tx in
            try tx.unsafeExecute("SET LOCAL enable_seqscan = off")
            return try tx.query("""
                SELECT NOT EXISTS (SELECT 1 FROM docket.jobs WHERE state IN ('queued', 'retrying'))
                   AND NOT EXISTS (SELECT 1 FROM docket.jobs
                                   WHERE id = ANY(ARRAY(SELECT unnest(job_ids) FROM docket.job_leases)) AND state = 'running')
                """).scalar(Bool.self)
        }
    }

    static func summary(_ row: Row) throws -> JobSummary {
        JobSummary(id: try row.decode(0), state: JobState(rawValue: try row.decode(1)) ?? .queued,
                   pipeline: try row.decode(2), priority: try row.decode(3), attempts: try row.decode(4),
                   maxAttempts: try row.decode(5), fileName: try row.decode(6), sizeBytes: try row.decode(7),
                   updatedAt: try row.decode(8), lastErrorCode: try row.decode(9), lastError: try row.decode(10),
                   submittedBy: try row.decode(11))
    }
}
