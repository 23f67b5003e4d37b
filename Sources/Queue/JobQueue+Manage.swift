import Foundation
import Postgres

extension JobQueue {
    /// Cancels a job that has not finished. A running job's worker finds its lease gone at
    /// completion, so nothing it computed is written. Returns the state it was in.
    @discardableResult
    public func cancel(jobID: Int) throws -> JobState {
        let rows = try connection.query("""
            WITH \(JobQueue.auditRowID), target AS (
                SELECT id, state FROM docket.jobs WHERE id = $1 FOR UPDATE
            ), cancelled AS (
                UPDATE docket.jobs j
                SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = $2, finished_at = $2,
                    event_ids = j.event_ids || (SELECT id FROM event)
                FROM target t
                WHERE j.id = t.id AND t.state IN ('queued', 'retrying', 'running')
                RETURNING j.id, j.attempts, t.state AS from_state
            ), events AS (
                INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts)
                OVERRIDING SYSTEM VALUE
                SELECT (SELECT id FROM event), $2, $3, ARRAY[id], ARRAY[from_state], ARRAY['cancelled'::docket.job_state], ARRAY[attempts] FROM cancelled
            )
            SELECT t.state::text, (SELECT count(*) FROM cancelled) FROM target t
            """, [jobID, clock.now(), actor]).rows
        guard let row = rows.first else { throw QueueError.noSuchJob(jobID) }
        let state = JobState(rawValue: try row.decode(0, as: String.self)) ?? .queued
        guard try row.decode(1, as: Int.self) == 1 else {
            throw QueueError(code: "not_cancellable", message: "job \(jobID) is \(state.rawValue); only queued, retrying or running jobs can be cancelled")
        }
        return state
    }

    /// Queues a dead or cancelled job again (or a retrying one now), with a fresh attempt budget.
    @discardableResult
    public func retry(jobID: Int) throws -> JobState {
        do {
            let rows = try connection.query("""
                WITH \(JobQueue.auditRowID), target AS (
                    SELECT id, state FROM docket.jobs WHERE id = $1 FOR UPDATE
                ), requeued AS (
                    UPDATE docket.jobs j
                    SET state = 'queued', attempts = 0, run_at = $2, updated_at = $2, finished_at = NULL,
                        event_ids = j.event_ids || (SELECT id FROM event)
                    FROM target t
                    WHERE j.id = t.id AND t.state IN ('dead', 'cancelled', 'retrying')
                    RETURNING j.id, t.state AS from_state
                ), events AS (
                    INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts)
                    OVERRIDING SYSTEM VALUE
                    SELECT (SELECT id FROM event), $2, $3, ARRAY[id], ARRAY[from_state], ARRAY['queued'::docket.job_state], ARRAY[0] FROM requeued
                )
                SELECT t.state::text, (SELECT count(*) FROM requeued) FROM target t
                """, [jobID, clock.now(), actor]).rows
            guard let row = rows.first else { throw QueueError.noSuchJob(jobID) }
            let state = JobState(rawValue: try row.decode(0, as: String.self)) ?? .queued
            guard try row.decode(1, as: Int.self) == 1 else {
                throw QueueError(code: "not_retryable", message: "job \(jobID) is \(state.rawValue); only dead, cancelled or retrying jobs can be retried")
            }
            return state
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw QueueError(code: "duplicate_live_job", message: "job \(jobID) cannot be retried: the same document was submitted again and that newer job is still live")
        }
    }
}
