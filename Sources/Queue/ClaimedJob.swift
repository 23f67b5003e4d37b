import Foundation

/// A job a worker holds the lease on, with what the handler needs to know of its document.
/// The content itself is loaded on demand (`JobQueue.content(of:)`): no-op and routing
/// handlers never pay for it.
public struct ClaimedJob: Equatable, Sendable {
    public var id: Int
    public var documentID: Int
    public var pipeline: String
    public var pipelineVersion: String
    /// This attempt's number, from 1.
    public var attempt: Int
    public var maxAttempts: Int
    public var fileName: String
    public var mediaType: String
    public var sizeBytes: Int
    public var sha256: Data
}
