import Foundation
import Postgres
import Queue

/// Renews the leases of every job this process is working on, from its own thread and
/// connection, so a long parse never lets a lease run out while the worker is alive.
final class Heartbeat: @unchecked Sendable {
    private let condition = NSCondition()
    private var inFlight: Set<Int> = []
    private var lost: Set<Int> = []
    private var stopping = false
    private let connect: () throws -> Connection
    private let clock: QueueClock
    private let actor: String
    private let lease: TimeInterval
    private let log: (String) -> Void

    init(connect: @escaping () throws -> Connection, clock: QueueClock, actor: String, lease: TimeInterval, log: @escaping (String) -> Void) {
        self.connect = connect
        self.clock = clock
        self.actor = actor
        self.lease = lease
        self.log = log
    }

    func track(_ ids: [Int]) { condition.withLock { inFlight.formUnion(ids) } }
    func untrack(_ ids: [Int]) { condition.withLock { inFlight.subtract(ids); lost.subtract(ids) } }
    /// Jobs whose lease another worker took while we held them.
    func lostJobs() -> Set<Int> { condition.withLock { lost } }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "docket-heartbeat"
        thread.start()
    }

    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    private func run() {
        var queue: JobQueue?
        let interval = LeaseRule.heartbeatInterval(lease: lease)
        while true {
            let ids: [Int] = condition.withLock {
                _ = condition.wait(until: Date().addingTimeInterval(interval))
                return stopping ? [] : Array(inFlight)
            }
            if condition.withLock({ stopping }) { return }
            guard !ids.isEmpty else { continue }
            do {
                if queue == nil {
                    let connection = try connect()
                    // A lost renewal only shortens a lease; it need not wait for a disk flush.
                    try connection.unsafeExecute("SET synchronous_commit = off")
                    queue = JobQueue(connection: connection, clock: clock, actor: actor)
                }
                let gone = try queue!.heartbeat(jobIDs: ids, lease: lease)
                if !gone.isEmpty {
                    condition.withLock { lost.formUnion(gone) }
                    log("lost the lease of \(gone.count) job(s); their results will be discarded")
                }
            } catch {
                log("heartbeat failed (\((error as? PostgresError)?.code ?? "error")); retrying")
                queue = nil
            }
        }
    }
}
