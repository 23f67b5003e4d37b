import Foundation

/// A job a worker holds the lease on. Its document is loaded on demand
/// (`JobQueue.document(of:)`): the claim statement stays on the jobs table alone, and no-op and
/// routing handlers never pay for the document at all.
public struct ClaimedJob: Equatable, Sendable {
    public var id: Int
    public var documentID: Int
    public var pipeline: String
    public var pipelineVersion: String
    /// This attempt's number, from 1.
    public var attempt: Int
    public var maxAttempts: Int
    /// The claim's lease row (`docket.job_leases`), removed when its whole batch completes.
    public var leaseID: Int
}

/// A claimed job's document as stored at submission. `content` is nil once retention purged it.
public struct StoredDocument: Equatable, Sendable {
    public var fileName: String
    public var mediaType: String
    public var sizeBytes: Int
    public var sha256: Data
    public var content: Data?
}
