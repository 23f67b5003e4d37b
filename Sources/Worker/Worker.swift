import DocketSupport
import Foundation
import Postgres
import Queue

/// Settings for `docket worker`.
public struct WorkerConfiguration: Sendable {
    /// Claim loops, each with its own connection.
    public var concurrency = 2
    /// Jobs claimed at once by each loop.
    public var batchSize = 10
    /// Seconds a claim lasts without renewal.
    public var lease: TimeInterval = 60
    /// How long an idle loop waits for a NOTIFY before polling anyway.
    public var pollInterval: TimeInterval = 5
    /// How often a loop looks for expired leases to rescue.
    public var rescueInterval: TimeInterval = 10
    /// Stop once nothing is queued, retrying or running.
    public var exitWhenIdle = false
    /// Stop the whole worker when one loop has failed this many times in a row (nil: keep
    /// retrying, as a long-running worker should through database restarts). The benchmark
    /// sets 1, so a broken statement ends the run instead of retrying forever.
    public var stopAfterFailures: Int?

    public init() {}
}

/// Counters a worker reports.
public struct WorkerTotals: Sendable {
    public var succeeded = 0
    public var retried = 0
    public var dead = 0
    public var leaseLost = 0
    /// Why the worker gave up, when `stopAfterFailures` ended it.
    public var failure: String?
    public init() {}
}

/// Claims batches, hands them to a handler and completes them, in `concurrency` loops, until
/// stopped. Database outages are waited out with reconnects; jobs whose completion did not
/// commit are picked up again after their lease expires, so nothing is lost or done twice.
public final class Worker: @unchecked Sendable {
    let connect: () throws -> Connection
    let makeHandler: () -> BatchHandler
    let configuration: WorkerConfiguration
    let clock: QueueClock
    public let actor: String
    public let stop: StopSignal
    let log: (String) -> Void
    private let lock = NSLock()
    private var totals = WorkerTotals()

    public init(connect: @escaping () throws -> Connection, handler makeHandler: @escaping () -> BatchHandler,
                configuration: WorkerConfiguration, clock: QueueClock = SystemClock(), stop: StopSignal = StopSignal(),
                log: @escaping (String) -> Void) {
        self.connect = connect
        self.makeHandler = makeHandler
        self.configuration = configuration
        self.clock = clock
        self.stop = stop
        self.log = log
        actor = JobQueue.defaultActor()
    }

    /// Runs until a stop is requested (or the queue is idle with `exitWhenIdle`); returns totals.
    public func run() -> WorkerTotals {
        let heartbeat = Heartbeat(connect: connect, clock: clock, actor: actor, lease: configuration.lease, log: log)
        heartbeat.start()
        let group = DispatchGroup()
        for index in 0..<max(1, configuration.concurrency) {
            group.enter()
            let thread = Thread { [self] in
                loop(index: index, heartbeat: heartbeat)
                group.leave()
            }
            thread.name = "docket-worker-\(index)"
            thread.start()
        }
        group.wait()
        heartbeat.stop()
        return lock.withLock { totals }
    }

    private func loop(index: Int, heartbeat: Heartbeat) {
        var queue: JobQueue?
        var lastRescue = Date.distantPast
        var failures = 0
        let handler = makeHandler()
        while !stop.isRequested {
            do {
                if queue == nil {
                    queue = try openQueue()
                    if failures > 0 { log("loop \(index): reconnected to the database") }
                    failures = 0
                }
                let q = queue!
                if Date().timeIntervalSince(lastRescue) >= configuration.rescueInterval {
                    let rescued = try q.rescueExpired()
                    if rescued > 0 { log("rescued \(rescued) job(s) whose worker stopped renewing its lease") }
                    lastRescue = Date()
                }
                let batch = try q.claim(limit: configuration.batchSize, lease: configuration.lease)
                if batch.isEmpty {
                    if configuration.exitWhenIdle, try q.isDrained() { stop.request(); break }
                    try waitForWork(q)
                    continue
                }
                heartbeat.track(batch.map(\.id))
                defer { heartbeat.untrack(batch.map(\.id)) }
                let outcomes = handler.handle(batch, queue: q)
                let lost = heartbeat.lostJobs()
                let kept = outcomes.filter { !lost.contains($0.jobID) }
                let completions = try q.complete(kept, jobs: batch)
                record(completions, lostBeforeCompletion: outcomes.count - kept.count)
            } catch {
                failures += 1
                let lostConnection = (error as? PostgresError)?.connectionLost ?? true
                if lostConnection { queue = nil }
                if let limit = configuration.stopAfterFailures, failures >= limit {
                    let summary = errorSummary(error)
                    lock.withLock { if totals.failure == nil { totals.failure = summary } }
                    stop.request()
                    break
                }
                let delay = min(5.0, 0.2 * pow(2, Double(min(failures, 5))))
                log("loop \(index): \(errorSummary(error)); retrying in \(String(format: "%.1f", delay)) s")
                sleepUnlessStopped(delay)
            }
        }
    }

    private func openQueue() throws -> JobQueue {
        let connection = try connect()
        try connection.listen("docket_jobs")
        // Claims may skip the WAL flush: a claim lost in a crash only delays the job by a lease.
        // Completions switch it back on inside their transaction.
        try connection.unsafeExecute("SET synchronous_commit = off")
        // The queue's statements are prepared once and run thousands of times with the same
        // shape; planning them again on every call (PostgreSQL's default for the first runs and
        // whenever a custom plan looks cheaper) cost 0.4-0.8 ms per claim of 100 jobs, a fifth
        // of the claim. Their generic plans use the same indexes.
        try connection.unsafeExecute("SET plan_cache_mode = force_generic_plan")
        // Every statement a worker runs touches a batch of rows by key; compiling one (which
        // PostgreSQL does once a plan's estimated cost is high, as for a scan planned from stale
        // statistics) costs tens to hundreds of milliseconds and never pays back here.
        try connection.unsafeExecute("SET jit = off")
        return JobQueue(connection: connection, clock: clock, actor: actor)
    }

    /// Sleeps on the connection's socket until a job arrives, the poll interval passes or a stop
    /// is requested (checked every half second so Ctrl-C is prompt).
    private func waitForWork(_ queue: JobQueue) throws {
        // A loop that exits when idle looks again soon: the others may be finishing the last
        // batches, and sleeping a whole poll interval here would add it to the run's length.
        let wait = configuration.exitWhenIdle ? min(configuration.pollInterval, 0.02) : configuration.pollInterval
        let deadline = Date().addingTimeInterval(wait)
        while !stop.isRequested && Date() < deadline {
            let slice = min(0.5, deadline.timeIntervalSinceNow)
            if !(try queue.connection.waitForNotifications(timeout: .milliseconds(Int(max(slice, 0.01) * 1000)))).isEmpty {
                return
            }
        }
    }

    private func record(_ completions: [Int: JobQueue.Completion], lostBeforeCompletion: Int) {
        lock.withLock {
            totals.leaseLost += lostBeforeCompletion
            for completion in completions.values {
                switch completion {
                case .succeeded: totals.succeeded += 1
                case .retrying: totals.retried += 1
                case .dead: totals.dead += 1
                case .leaseLost: totals.leaseLost += 1
                }
            }
        }
    }

    private func sleepUnlessStopped(_ seconds: TimeInterval) {
        let deadline = Date().addingTimeInterval(seconds)
        while !stop.isRequested && Date() < deadline { Thread.sleep(forTimeInterval: min(0.1, seconds)) }
    }

    private func errorSummary(_ error: Error) -> String {
        if let error = error as? ReportableError { return error.message }
        return "\(error)"
    }
}
