import Foundation
import Postgres

/// The queue's state changes, as set-based SQL over one connection. Every statement takes the
/// time as a parameter (`$now`) from the injected clock, and appends its audit row (one per
/// statement, listing every job it moved) in the same statement, so a batch costs one round trip.
/// Each such statement draws the audit row's id first (`auditRowID`) and appends it to the
/// moved jobs' `event_ids`, which is how `docket.job_history` finds a job's rows (migration 007).
///
/// Claims and heartbeats may run with `synchronous_commit = off` (a claim lost in a crash only
/// means the job runs again after its lease); completions always commit synchronously because
/// they carry results.
public final class JobQueue {
    public let connection: Connection
    public let clock: QueueClock
    public let policy: RetryPolicy
    /// Who is acting, recorded as lease owner and in every event (`host:pid:tag` for workers).
    public let actor: String
    private let randomSource: () -> Double

    public init(connection: Connection, clock: QueueClock = SystemClock(), policy: RetryPolicy = RetryPolicy(),
                actor: String = JobQueue.defaultActor(), random: @escaping () -> Double = { Double.random(in: 0..<1) }) {
        self.connection = connection
        self.clock = clock
        self.policy = policy
        self.actor = actor
        randomSource = random
    }

    func nextRandom() -> Double { randomSource() }

    /// The CTE every statement that writes the audit log starts with: the row's id, drawn once,
    /// goes both into the moved jobs' `event_ids` and into the row itself.
    static let auditRowID = "event AS MATERIALIZED (SELECT nextval('docket.job_event_log_id_seq') AS id)"

    public static func defaultActor() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host):\(getpid()):\(UUID().uuidString.prefix(6).lowercased())"
    }

    // MARK: Claim

    /// Claims up to `limit` runnable jobs in priority order and leases them for `lease` seconds.
    public func claim(limit: Int, lease: TimeInterval) throws -> [ClaimedJob] {
        // One statement: pick (SKIP LOCKED, so concurrent claimers never wait on each other or
        // take the same row), mark running with a lease, record the events, return the jobs.
        // `= ANY(ARRAY(…))` keeps the update on the primary key; a plain join against the CTE
        // let the planner hash-join over a scan of the whole table. The document's name and hash
        // are not joined in here: that lookup was a sixth of a no-op claim+complete in pgbench,
        // and handlers that need the document read it anyway (`document(of:)`).
        let result = try connection.query(prepared: "docket_claim", """
            WITH \(JobQueue.auditRowID), candidates AS (
                SELECT id, state FROM docket.jobs
                WHERE state IN ('queued', 'retrying') AND run_at <= $1
                ORDER BY priority, run_at, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE docket.jobs j
                SET state = 'running', attempts = j.attempts + 1, lease_owner = $3,
                    lease_expires_at = $1 + make_interval(secs => $4), updated_at = $1,
                    event_ids = j.event_ids || (SELECT id FROM event)
                WHERE j.id = ANY(ARRAY(SELECT id FROM candidates))
                RETURNING j.id, j.document_id, j.pipeline, j.pipeline_version, j.attempts, j.max_attempts
            ), events AS (
                INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts)
                OVERRIDING SYSTEM VALUE
                SELECT (SELECT id FROM event), $1, $3, array_agg(c.id), array_agg(k.state), array_agg('running'::docket.job_state), array_agg(c.attempts)
                FROM claimed c JOIN candidates k ON k.id = c.id HAVING count(*) > 0
            ), lease AS (
                -- The batch's lease row, by which rescue finds these jobs if this worker dies
                -- (migration 010): one row per claim instead of an index entry per job.
                INSERT INTO docket.job_leases (id, owner, job_ids, expires_at)
                SELECT (SELECT id FROM event), $3, array_agg(id), $1 + make_interval(secs => $4)
                FROM claimed HAVING count(*) > 0
            )
            SELECT id, document_id, pipeline, pipeline_version, attempts, max_attempts, (SELECT id FROM event) AS lease_id
            FROM claimed ORDER BY id
            """, [clock.now(), limit, actor, lease])
        return try result.rows.map { row in
            ClaimedJob(id: try row.decode(0), documentID: try row.decode(1), pipeline: try row.decode(2),
                       pipelineVersion: try row.decode(3), attempt: try row.decode(4), maxAttempts: try row.decode(5),
                       leaseID: try row.decode(6))
        }
    }

    /// Extends the leases of jobs this worker still holds; returns the ids it holds no longer
    /// (rescued by another worker, or cancelled), whose work should be abandoned.
    @discardableResult
    public func heartbeat(jobIDs: [Int], lease: TimeInterval) throws -> Set<Int> {
        guard !jobIDs.isEmpty else { return [] }
        // The batches' lease rows move with their jobs, in the same statement, so a row never
        // expires before a job it lists that this worker still holds.
        let renewed = try connection.query(prepared: "docket_heartbeat", """
            WITH renewed AS (
                UPDATE docket.jobs SET lease_expires_at = $1 + make_interval(secs => $2), updated_at = $1
                WHERE id = ANY($3) AND state = 'running' AND lease_owner = $4 AND lease_expires_at > $1
                RETURNING id
            ), batches AS (
                UPDATE docket.job_leases SET expires_at = $1 + make_interval(secs => $2)
                WHERE owner = $4 AND job_ids && ARRAY(SELECT id FROM renewed)
            )
            SELECT id FROM renewed
            """, [clock.now(), lease, jobIDs, actor]).rows.map { try $0.decode(0, as: Int.self) }
        return Set(jobIDs).subtracting(renewed)
    }

    /// Moves jobs whose lease ran out back to `retrying` (runnable now), or to `dead` when that
    /// was their last attempt. Any worker may call it; SKIP LOCKED keeps two rescuers apart.
    /// Expired jobs are looked for only in batches whose lease row has expired, and a row goes
    /// once none of its jobs is still running under its owner (rescued here, completed,
    /// cancelled or claimed again by someone else).
    @discardableResult
    public func rescueExpired() throws -> Int {
        try connection.query(prepared: "docket_rescue", """
            WITH \(JobQueue.auditRowID), due AS (
                SELECT id, owner, job_ids FROM docket.job_leases
                WHERE expires_at <= $1
                FOR UPDATE SKIP LOCKED
            ), expired AS (
                SELECT id FROM docket.jobs
                WHERE id = ANY(ARRAY(SELECT unnest(job_ids) FROM due)) AND state = 'running' AND lease_expires_at <= $1
                FOR UPDATE SKIP LOCKED
            ), settled AS (
                -- A job skipped above (its owner is completing it right now) keeps its row for
                -- the next rescue, in case that completion finds the lease gone and writes nothing.
                DELETE FROM docket.job_leases l USING due d
                WHERE l.id = d.id AND NOT EXISTS (
                    SELECT 1 FROM docket.jobs j
                    WHERE j.id = ANY(d.job_ids) AND j.state = 'running' AND j.lease_owner = d.owner
                      AND j.id NOT IN (SELECT id FROM expired))
            ), rescued AS (
                UPDATE docket.jobs j
                SET state = CASE WHEN j.attempts >= j.max_attempts THEN 'dead' ELSE 'retrying' END::docket.job_state,
                    run_at = $1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1,
                    last_error_code = 'lease_expired',
                    last_error = 'the worker holding this job (' || j.lease_owner || ') stopped renewing its lease',
                    finished_at = CASE WHEN j.attempts >= j.max_attempts THEN $1 END,
                    event_ids = j.event_ids || (SELECT id FROM event)
                WHERE j.id = ANY(ARRAY(SELECT id FROM expired))
                RETURNING j.id, j.state, j.attempts, j.last_error
            ), events AS (
                INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts, error_codes, errors)
                OVERRIDING SYSTEM VALUE
                SELECT (SELECT id FROM event), $1, $2, array_agg(id), array_agg('running'::docket.job_state), array_agg(state), array_agg(attempts),
                       array_agg('lease_expired'::text), array_agg(last_error)
                FROM rescued HAVING count(*) > 0
            )
            SELECT count(*) FROM rescued
            """, [clock.now(), actor]).scalar(Int.self)
    }

    // MARK: Content

    /// The job's document, with its content unless retention purged it; nil if the row is gone.
    public func document(of job: ClaimedJob) throws -> StoredDocument? {
        let result = try connection.query(prepared: "docket_document", """
            SELECT file_name, media_type, size_bytes, sha256, content FROM docket.documents WHERE id = $1
            """, [job.documentID])
        guard let row = result.rows.first else { return nil }
        return StoredDocument(fileName: try row.decode(0), mediaType: try row.decode(1), sizeBytes: try row.decode(2),
                              sha256: try row.decode(3), content: try row.decode(4))
    }
}
