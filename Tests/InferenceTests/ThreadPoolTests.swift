import Foundation
import Testing
@testable import Inference

@Suite struct ThreadPoolTests {
    final class Counts: @unchecked Sendable {
        let lock = NSLock()
        var runs: [Int: Int] = [:]
        var threads = Set<UInt64>()
        func record(_ part: Int) {
            let id = UInt64(pthread_self())
            lock.lock(); runs[part, default: 0] += 1; threads.insert(id); lock.unlock()
        }
    }

    @Test func everyPartRunsExactlyOnceOnSeveralThreads() {
        let pool = ThreadPool(threads: 3)
        for parts in [0, 1, 2, 3, 7, 64] {
            let counts = Counts()
            pool.run(parts: parts) { part in
                counts.record(part)
                if parts == 64 { usleep(200) }  // long enough that the other threads take parts too
            }
            #expect(counts.runs.count == parts && counts.runs.values.allSatisfy { $0 == 1 }, "\(parts) parts: \(counts.runs)")
            if parts == 64 { #expect(counts.threads.count > 1, "work spread over the pool") }
        }
    }

    /// A part that calls `run` again, and two callers at once, finish instead of deadlocking.
    @Test func nestedAndConcurrentRunsFinish() {
        let pool = ThreadPool(threads: 2)
        let counts = Counts()
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            pool.run(parts: 4) { outer in
                pool.run(parts: 3) { inner in counts.record(caller * 100 + outer * 10 + inner) }
            }
        }
        #expect(counts.runs.count == 4 * 4 * 3 && counts.runs.values.allSatisfy { $0 == 1 })
    }

    /// Idle pool threads sleep: their CPU time (from /proc, in clock ticks) does not grow
    /// while nothing runs. A spinning thread would gain about 30 ticks in 0.3 s.
    @Test func idleThreadsDoNotSpin() throws {
        let pool = ThreadPool(threads: 3, label: "idlecheck")
        pool.run(parts: 8) { _ in _ = (0..<100_000).reduce(0, &+) }
        func ticks() throws -> [String: Int] {
            var result: [String: Int] = [:]
            for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") {
                let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
                guard comm.hasPrefix("idlecheck-"), let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { continue }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                result[task] = Int(fields[11])! + Int(fields[12])!  // utime + stime
            }
            return result
        }
        var before = try ticks()
        for _ in 0..<200 where before.count < 2 { usleep(10_000); before = try ticks() }  // threads name themselves as they start
        #expect(before.count == 2, "two pool threads besides the caller: \(before)")
        usleep(300_000)
        let after = try ticks()
        for (task, start) in before {
            #expect((after[task] ?? 0) - start <= 2, "thread \(task) used \((after[task] ?? 0) - start) ticks while idle")
        }
        _ = pool
    }
}
