import Foundation
import Postgres
import Testing
import Worker

/// `stopAfterFailures`: a worker that cannot reach its database gives up with the reason
/// instead of retrying forever (the benchmark relies on it), and only when asked to.
@Suite struct WorkerFailureTests {
    struct Unreachable: Error, CustomStringConvertible { var description: String { "no database here" } }

    @Test func aWorkerToldToStopAfterOneFailureReportsIt() throws {
        var config = WorkerConfiguration()
        config.concurrency = 2
        config.stopAfterFailures = 1
        let attempts = Attempts()
        let worker = Worker(connect: { attempts.add(); throw Unreachable() }, handler: { NoopHandler() },
                            configuration: config, log: { _ in })
        let totals = worker.run()
        #expect(totals.failure == "no database here")
        #expect(totals.succeeded == 0)
        #expect(attempts.value <= 3, "each loop stops after its first failure (the heartbeat connects only with work)")
    }

    @Test func withoutTheLimitItKeepsRetryingUntilStopped() throws {
        var config = WorkerConfiguration()
        config.concurrency = 1
        let attempts = Attempts()
        let worker = Worker(connect: { attempts.add(); throw Unreachable() }, handler: { NoopHandler() },
                            configuration: config, log: { _ in })
        let done = DispatchSemaphore(value: 0)
        let result = Box()
        Thread { result.totals = worker.run(); done.signal() }.start()
        while attempts.value < 2 { Thread.sleep(forTimeInterval: 0.05) }
        worker.stop.request()
        done.wait()
        #expect(result.totals?.failure == nil)
    }
}

private final class Attempts: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

private final class Box: @unchecked Sendable {
    var totals: WorkerTotals?
}
