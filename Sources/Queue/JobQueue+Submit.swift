import Foundation
import Postgres

/// A document to submit.
public struct Submission: Sendable {
    public var name: String
    public var content: Data
    public var metadata: String?

    public init(name: String, content: Data, metadata: String? = nil) {
        self.name = name
        self.content = content
        self.metadata = metadata
    }
}

/// Where a submission came from, as stored in `docket.documents.source`.
public enum SubmissionSource: String, Sendable {
    case inbox, sql, cli
}

extension JobQueue {
    /// Submits documents through `docket.submit_batch`, the same function SQL clients call, so
    /// deduplication, the size limit and the audit trail are one piece of code. Returns one job
    /// id per submission, in order (an existing live job's id when it is a resubmission).
    /// Synchronous commit: a returned id is a promise that the document is stored.
    /// `pipelineVersion` nil means the version the workers registered for the pipeline (or 1).
    public func submit(_ submissions: [Submission], pipeline: String = "default", pipelineVersion: String? = nil,
                       priority: Int = 0, source: SubmissionSource, chunkSize: Int = 500) throws -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(submissions.count)
        var start = 0
        while start < submissions.count {
            let chunk = submissions[start..<min(start + chunkSize, submissions.count)]
            let metadata: [PostgresJSON] = chunk.map { PostgresJSON($0.metadata ?? "{}") }
            let rows = try connection.query(prepared: "docket_submit_batch", """
                SELECT job_id FROM docket.submit_batch($1, $2, $3, $4::integer, $5, $6,
                    coalesce($7, (SELECT version FROM docket.pipelines WHERE name = $3), '1'))
                """, [chunk.map(\.name), chunk.map(\.content), pipeline, priority, metadata, source.rawValue, pipelineVersion])
            ids += try rows.rows.map { try $0.decode(0, as: Int.self) }
            start += chunkSize
        }
        return ids
    }

    /// The configured maximum document size in bytes.
    public func maxDocumentBytes() throws -> Int {
        let text = try connection.query("SELECT value::text FROM docket.settings WHERE key = 'max_document_bytes'").scalar(String?.self)
        return text.flatMap(Int.init) ?? 100 << 20
    }
}
