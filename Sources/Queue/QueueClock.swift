import Foundation

/// Where the queue's decisions get the time. Production uses the system clock; tests use a
/// clock they move by hand, so retry and lease rules are checked without sleeping.
public protocol QueueClock: Sendable {
    func now() -> Date
}

public struct SystemClock: QueueClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to.
public final class ManualClock: QueueClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
