import Foundation

/// The kernels' threads: a fixed set started once, asleep on a condition variable whenever
/// there is no work, so an idle encoder costs no CPU (a spinning pool would burn a core that
/// the parser or PostgreSQL next door needs). The caller's thread takes parts too.
///
/// One `run` at a time owns the pool. A second caller, or a part that itself calls `run`,
/// does its work on its own thread instead of waiting, so nesting cannot deadlock.
public final class ThreadPool: @unchecked Sendable {
    public static let shared = ThreadPool(threads: ProcessInfo.processInfo.activeProcessorCount)

    /// Threads including the caller's.
    public let width: Int
    private let crew = Crew()
    private let owner = NSLock()

    /// `label` names the threads (`label-1`, …) as `top -H` and /proc show them.
    public init(threads: Int, label: String = "docket-kernel") {
        width = max(1, threads)
        for index in stride(from: 1, to: width, by: 1) {
            let crew = self.crew, name = "\(label)-\(index)"
            let thread = Thread {
                ThreadPool.nameThisThread(name)
                crew.serve()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Sets the calling thread's name (at most 15 bytes) through /proc, which needs neither
    /// the GNU-only pthread_setname_np nor the variadic prctl that Swift cannot call.
    static func nameThisThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The threads end once the pool is gone.
    deinit { crew.stop() }

    /// Calls `body(part)` for every part in 0..<parts, spread over the pool, and returns when
    /// all have finished.
    public func run(parts count: Int, _ body: (Int) -> Void) {
        if count <= 1 || width == 1 || !owner.try() {
            for part in 0..<count { body(part) }
            return
        }
        defer { owner.unlock() }
        withoutActuallyEscaping(body) { crew.run(parts: count, $0) }
    }

    /// What the pool's threads share; they hold it, not the pool, so the pool can go away.
    private final class Crew: @unchecked Sendable {
        private let state = NSCondition()
        // Guarded by `state`.
        private var job: ((Int) -> Void)?
        private var parts = 0
        private var nextPart = 0
        private var unfinished = 0
        private var generation = 0
        private var stopping = false

        func run(parts count: Int, _ body: @escaping (Int) -> Void) {
            state.lock()
            job = body
            parts = count
            nextPart = 0
            unfinished = count
            generation &+= 1
            state.broadcast()
            state.unlock()
            takeParts()
            state.lock()
            while unfinished > 0 { state.wait() }
            job = nil
            state.unlock()
        }

        /// Runs parts until none are left to start; called with `state` unlocked.
        private func takeParts() {
            state.lock()
            while nextPart < parts, let body = job {
                let part = nextPart
                nextPart += 1
                state.unlock()
                body(part)
                state.lock()
                unfinished -= 1
                if unfinished == 0 { state.broadcast() }
            }
            state.unlock()
        }

        func serve() {
            var seen = 0
            while true {
                state.lock()
                while generation == seen && !stopping { state.wait() }
                if stopping { state.unlock(); return }
                seen = generation
                state.unlock()
                takeParts()
            }
        }

        func stop() {
            state.lock()
            stopping = true
            state.broadcast()
            state.unlock()
        }
    }
}
