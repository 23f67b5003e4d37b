import Foundation
import Postgres
import Queue

extension InboxWatcher {
    /// Submits new content; content whose latest job (same pipeline, same submitter) is dead or
    /// cancelled is followed, not resubmitted, so a restart never takes a finished file twice
    /// (the dead job's file goes back to `.failed/`). Returns one job id per submission.
    ///
    /// A worker can end a job between the lookup and the submission: the lookup saw it queued,
    /// `submit_batch` then finds its key freed and makes a second job for the same file (a restart
    /// with a worker already running did this to an empty file). The two run in one transaction,
    /// and when a submission comes back with another job than the live one the lookup saw, the
    /// transaction is rolled back, so no worker ever sees that job, and run again: the lookup then
    /// sees the ended job and follows it. `afterLookup` runs between the two, for tests.
    static func submitOrFollow(_ queue: JobQueue, _ submissions: [Submission], pipeline: String,
                               afterLookup: () throws -> Void = {}) throws -> [Int] {
        for attempt in 1... {
            do {
                return try queue.connection.transaction { connection in
                    let latest = try latestJobs(connection, submissions, pipeline: pipeline)
                    try afterLookup()
                    let shas = submissions.map { sha256(of: $0.content) }
                    let fresh = submissions.indices.filter { latest[shas[$0]]?.finished != true }
                    let freshIDs = try queue.submit(fresh.map { submissions[$0] }, pipeline: pipeline, source: .inbox)
                    var ids = shas.map { latest[$0].map(\.id) ?? 0 }
                    for (index, id) in zip(fresh, freshIDs) {
                        if let live = latest[shas[index]], id != live.id, attempt < 5 { throw JobEndedDuringSubmit() }
                        ids[index] = id
                    }
                    return ids
                }
            } catch is JobEndedDuringSubmit {
                continue
            }
        }
        fatalError("unreachable: the fifth attempt returns or throws")
    }

    private struct JobEndedDuringSubmit: Error {}

    /// The latest job of each content that has one, by SHA-256, and whether it is dead or cancelled.
    private static func latestJobs(_ connection: Connection, _ submissions: [Submission],
                                   pipeline: String) throws -> [Data: (id: Int, finished: Bool)] {
        let rows = try connection.query("""
            SELECT DISTINCT ON (d.sha256) d.sha256, j.id, j.state::text
            FROM docket.documents d JOIN docket.job_keys k ON k.document_id = d.id JOIN docket.jobs j ON j.id = k.job_id
            WHERE d.sha256 = ANY(ARRAY(SELECT sha256(c) FROM unnest($1::bytea[]) c))
              AND j.pipeline = $2 AND j.submitted_by = docket.calling_role()
            ORDER BY d.sha256, j.id DESC
            """, [submissions.map(\.content), pipeline]).rows
        var latest: [Data: (id: Int, finished: Bool)] = [:]
        for row in rows {
            let state = try row.decode(2, as: String.self)
            latest[try row.decode(0, as: Data.self)] = (try row.decode(1, as: Int.self), ["dead", "cancelled"].contains(state))
        }
        return latest
    }
}
