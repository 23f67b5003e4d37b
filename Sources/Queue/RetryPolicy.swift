import Foundation

/// The pure rules for what happens after a failure. No database, no sleeping: the caller
/// passes the time and a random number.
public struct RetryPolicy: Equatable, Sendable {
    /// Delay before the first retry.
    public var baseDelay: TimeInterval
    /// No retry waits longer than this.
    public var maxDelay: TimeInterval
    /// Each delay is scaled by a factor in [1 - jitter, 1 + jitter] so that jobs failing
    /// together (a database restart) do not all come back at the same instant.
    public var jitter: Double

    public init(baseDelay: TimeInterval = 5, maxDelay: TimeInterval = 3600, jitter: Double = 0.25) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    public enum Decision: Equatable, Sendable {
        case retry(at: Date)
        case dead
    }

    /// - Parameters:
    ///   - attempt: the attempt that just failed, counting from 1.
    ///   - random: a number in [0, 1); tests pass a fixed one.
    public func decide(failure: JobFailure, attempt: Int, maxAttempts: Int, now: Date, random: Double) -> Decision {
        guard failure.retryable, attempt < maxAttempts else { return .dead }
        return .retry(at: now.addingTimeInterval(delay(afterAttempt: attempt, random: random)))
    }

    /// base · 2^(attempt−1), capped, then jittered.
    public func delay(afterAttempt attempt: Int, random: Double) -> TimeInterval {
        let exponent = Double(max(0, min(attempt - 1, 40)))
        let raw = min(maxDelay, baseDelay * pow(2, exponent))
        let factor = 1 - jitter + 2 * jitter * min(max(random, 0), 1)
        return min(maxDelay, raw * factor)
    }
}

/// The pure rule for whether a worker still holds a job: it must be running, leased to this
/// worker, and the lease must not have run out. A worker whose lease expired must not write.
public enum LeaseRule {
    public static func isHeld(state: JobState, owner: String?, expiresAt: Date?, worker: String, now: Date) -> Bool {
        guard state == .running, owner == worker, let expiresAt else { return false }
        return expiresAt > now
    }

    /// When to renew: a third of the lease, so two renewals can be missed before it runs out.
    public static func heartbeatInterval(lease: TimeInterval) -> TimeInterval { max(0.05, lease / 3) }
}
