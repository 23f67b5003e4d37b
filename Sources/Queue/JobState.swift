/// A job's place in its life cycle; the same names as the `docket.job_state` enum.
public enum JobState: String, CaseIterable, Sendable, Codable {
    case queued, running, succeeded, retrying, dead, cancelled

    /// States a worker may claim from.
    public var isClaimable: Bool { self == .queued || self == .retrying }
    /// States that never change again without a person (`docket retry`).
    public var isFinal: Bool { self == .succeeded || self == .dead || self == .cancelled }
}

/// Why a job failed: a stable code from the published list, a message for people, and whether
/// running it again could help. Codes that retrying cannot fix (`corrupt`, `encrypted`,
/// `unsupported_format`, …) send the job straight to `dead`.
public struct JobFailure: Error, Equatable, Sendable {
    public var code: String
    public var message: String
    public var retryable: Bool

    public init(code: String, message: String, retryable: Bool) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }
}

/// What a handler decided for one job. `writes` runs inside the completion transaction, after
/// the worker has proved it still holds the job's lease, so results and the state change commit
/// together or not at all.
public struct JobOutcome {
    public enum Status {
        case succeeded(output: String?)
        case failed(JobFailure)
    }

    public var jobID: Int
    public var status: Status
    public var writes: ((Connection) throws -> Void)?

    public init(jobID: Int, status: Status, writes: ((Connection) throws -> Void)? = nil) {
        self.jobID = jobID
        self.status = status
        self.writes = writes
    }
}

import Postgres
