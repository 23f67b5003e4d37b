import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into a flag the worker loops check between batches, so a stop
/// request drains in-flight work instead of killing it. A second signal exits at once.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []
    private var onStop: [() -> Void] = []

    public init() {}

    public var isRequested: Bool { lock.withLock { requested } }

    /// Requests a stop from code (tests, `--exit-when-idle`).
    public func request() {
        let callbacks: [() -> Void] = lock.withLock {
            requested = true
            return onStop
        }
        callbacks.forEach { $0() }
    }

    public func whenRequested(_ callback: @escaping () -> Void) { lock.withLock { onStop.append(callback) } }

    /// Installs the handlers; `announce` prints one line when the first signal arrives.
    public func installHandlers(draining what: String = "finishing the jobs in flight, claiming no more",
                                announce: @escaping (String) -> Void) {
        for signo in [SIGTERM, SIGINT] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler { [self] in
                if isRequested {
                    announce("second stop signal: exiting now")
                    exit(130)
                }
                announce("stop requested: \(what)")
                request()
            }
            source.resume()
            sources.append(source)
        }
    }
}
