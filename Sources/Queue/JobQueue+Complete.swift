import Foundation
import Postgres

extension JobQueue {
    /// How a completion ended for one job.
    public enum Completion: Equatable, Sendable {
        case succeeded
        case retrying(at: Date)
        case dead
        /// The lease was no longer ours (expired and rescued, or cancelled): nothing was written.
        case leaseLost
    }

    /// Records a batch of outcomes in one synchronous transaction: proves the leases are still
    /// held (locking those rows so no rescuer can take them meanwhile), runs each outcome's
    /// writes, then moves every job to its next state with one statement.
    public func complete(_ outcomes: [JobOutcome], jobs: [ClaimedJob]) throws -> [Int: Completion] {
        guard !outcomes.isEmpty else { return [:] }
        let byID = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0) })
        let now = clock.now()
        return try connection.transaction { tx in
            try tx.unsafeExecute("SET LOCAL synchronous_commit = on")
            // Writes must only run for jobs we still hold, so lock those rows first. Without
            // writes, the lease condition in the final UPDATE is the whole check.
            let hasWrites = outcomes.contains { $0.writes != nil }
            let held: Set<Int> = hasWrites ? Set(try tx.query(prepared: "docket_hold", """
                SELECT id FROM docket.jobs
                WHERE id = ANY($1) AND state = 'running' AND lease_owner = $2 AND lease_expires_at > $3
                ORDER BY id
                FOR UPDATE
                """, [outcomes.map(\.jobID), actor, now]).rows.map { try $0.decode(0, as: Int.self) })
                : Set(outcomes.map(\.jobID))

            var ids: [Int] = [], states: [String] = [], runAts: [Date] = [], outputs: [String] = []
            var hasOutput: [Bool] = [], codes: [String] = [], messages: [String] = []
            var completions: [Int: Completion] = [:]
            for outcome in outcomes {
                guard held.contains(outcome.jobID), let job = byID[outcome.jobID] else {
                    completions[outcome.jobID] = .leaseLost
                    continue
                }
                var status = outcome.status
                if let writes = outcome.writes {
                    do {
                        try tx.transaction { try writes($0) }
                    } catch let error as PostgresError where error.connectionLost {
                        throw error
                    } catch {
                        status = .failed(JobFailure(code: "write_failed", message: "writing results failed: \(error)", retryable: true))
                    }
                }
                ids.append(job.id)
                switch status {
                case .succeeded(let output):
                    states.append("succeeded"); runAts.append(now)
                    outputs.append(output ?? "null"); hasOutput.append(output != nil)
                    codes.append(""); messages.append("")
                    completions[job.id] = .succeeded
                case .failed(let failure):
                    let decision = policy.decide(failure: failure, attempt: job.attempt, maxAttempts: job.maxAttempts,
                                                 now: now, random: nextRandom())
                    switch decision {
                    case .retry(let at):
                        states.append("retrying"); runAts.append(at); completions[job.id] = .retrying(at: at)
                    case .dead:
                        states.append("dead"); runAts.append(now); completions[job.id] = .dead
                    }
                    outputs.append("null"); hasOutput.append(false)
                    codes.append(failure.code); messages.append(failure.message)
                }
            }
            if !ids.isEmpty {
                let updated = try tx.query(prepared: "docket_complete", """
                    WITH \(JobQueue.auditRowID), input AS (
                        SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::bool[], $6::text[], $7::text[])
                            AS t(id, state, run_at, output, has_output, code, message)
                    ), updated AS (
                        UPDATE docket.jobs j
                        SET state = i.state::docket.job_state, run_at = i.run_at,
                            lease_owner = NULL, lease_expires_at = NULL, updated_at = $8,
                            output = CASE WHEN i.has_output THEN i.output::jsonb ELSE j.output END,
                            last_error_code = CASE WHEN i.code = '' THEN j.last_error_code ELSE i.code END,
                            last_error = CASE WHEN i.code = '' THEN j.last_error ELSE i.message END,
                            finished_at = CASE WHEN i.state IN ('succeeded', 'dead') THEN $8 END,
                            event_ids = j.event_ids || (SELECT id FROM event)
                        FROM input i
                        -- Generic plans still come in through jobs_leases, which leads with the owner
                        -- (migration 008) so that only this worker's running jobs are read.
                        WHERE j.id = ANY($1::bigint[]) AND j.id = i.id
                          AND j.state = 'running' AND j.lease_owner = $9 AND j.lease_expires_at > $8
                        RETURNING j.id, j.attempts, i.state, i.code, i.message
                    ), events AS (
                        INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts, error_codes, errors)
                        OVERRIDING SYSTEM VALUE
                        SELECT (SELECT id FROM event), $8, $9, array_agg(id), array_agg('running'::docket.job_state), array_agg(state::docket.job_state),
                               array_agg(attempts),
                               CASE WHEN bool_or(code <> '') THEN array_agg(nullif(code, '')) END,
                               CASE WHEN bool_or(code <> '') THEN array_agg(nullif(message, '')) END
                        FROM updated HAVING count(*) > 0
                    )
                    SELECT id FROM updated
                    """, [ids, states, runAts, outputs, hasOutput, codes, messages, now, actor])
                let done = Set(try updated.rows.map { try $0.decode(0, as: Int.self) })
                for id in ids where !done.contains(id) { completions[id] = .leaseLost }
            }
            return completions
        }
    }

    /// Gives jobs back without counting the attempt (a worker told to stop before it began).
    public func release(jobIDs: [Int]) throws {
        guard !jobIDs.isEmpty else { return }
        try connection.query("""
            WITH \(JobQueue.auditRowID), released AS (
                UPDATE docket.jobs
                SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1,
                    event_ids = event_ids || (SELECT id FROM event)
                WHERE id = ANY($2) AND state = 'running' AND lease_owner = $3
                RETURNING id, attempts
            )
            INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts, errors)
            OVERRIDING SYSTEM VALUE
            SELECT (SELECT id FROM event), $1, $3, array_agg(id), array_agg('running'::docket.job_state), array_agg('queued'::docket.job_state),
                   array_agg(attempts), array_agg('released by a stopping worker'::text)
            FROM released HAVING count(*) > 0
            """, [clock.now(), jobIDs, actor])
    }
}
