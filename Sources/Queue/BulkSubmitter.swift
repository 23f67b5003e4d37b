import Foundation
import Postgres

/// Submits many documents over several connections at once, for `docket enqueue` of a large
/// folder. Each connection sends one chunk through `docket.submit_batch` and commits it, then
/// takes the next chunk; results come back in chunk order.
///
/// Why several connections: submit_batch is CPU-bound in its server process (hashing, three
/// inserts and their index entries per document), and one server process uses one core.
/// Why a stream rather than rounds: with rounds of one chunk per connection, every connection
/// waited for the slowest chunk of its round, and no file was read while a round was out.
/// Deduplication stays correct across connections: the same content sent on two of them
/// waits on the unique sha256 and ends as one document and one job.
public final class BulkSubmitter {
    private let queues: [JobQueue]

    /// Opens `connections` connections with `connect` (at least one).
    public init(connections: Int, actor: String = JobQueue.defaultActor(), connect: () throws -> Connection) throws {
        queues = try (0..<max(1, connections)).map { _ in JobQueue(connection: try connect(), actor: actor) }
    }

    /// How many chunks are in flight at once.
    public var width: Int { queues.count }

    /// The configured maximum document size in bytes, read on the first connection.
    public func maxDocumentBytes() throws -> Int { try queues[0].maxDocumentBytes() }

    /// Submits the chunks `next` produces until it returns nil. At most `width` chunks wait
    /// while `width` are in flight, so memory stays bounded however many files there are.
    /// `deliver` runs on the calling thread with each chunk's job ids or error, in chunk order;
    /// returning false stops taking chunks (those already sent still commit or fail). Chunks
    /// commit independently: one failing leaves the others in.
    public func submitStream(pipeline: String = "default", pipelineVersion: String? = nil, priority: Int = 0,
                             source: SubmissionSource, next: () throws -> [Submission]?,
                             deliver: (Result<[Int], Error>) throws -> Bool) throws {
        let state = StreamState()
        let group = DispatchGroup()
        // One thread of our own per connection: each spends the whole stream blocked on its
        // socket, which is no work to hand to the shared dispatch pool.
        for queue in queues {
            group.enter()
            Thread {
                while let (index, chunk) = state.take() {
                    let result = Result {
                        try queue.submit(chunk, pipeline: pipeline, pipelineVersion: pipelineVersion, priority: priority,
                                         source: source, chunkSize: max(1, chunk.count))
                    }
                    state.finish(index, result)
                }
                group.leave()
            }.start()
        }
        defer {
            state.stop()
            group.wait()
        }
        var produced = 0, delivered = 0, exhausted = false
        while !exhausted || delivered < produced {
            switch state.nextStep(delivering: delivered, mayProduce: !exhausted, width: width) {
            case .deliver(let result):
                delivered += 1
                if try !deliver(result) { return }
            case .produce:
                guard let chunk = try next() else {
                    exhausted = true
                    state.close()
                    continue
                }
                if !chunk.isEmpty {
                    state.add(produced, chunk)
                    produced += 1
                }
            }
        }
    }

    /// Splits `submissions` into chunks of `chunkSize` and returns every job id in input order;
    /// throws the first failed chunk's error once the chunks already sent have finished.
    public func submit(_ submissions: [Submission], pipeline: String = "default", pipelineVersion: String? = nil,
                       priority: Int = 0, source: SubmissionSource, chunkSize: Int = 1_000) throws -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(submissions.count)
        var start = 0
        var failure: Error?
        try submitStream(pipeline: pipeline, pipelineVersion: pipelineVersion, priority: priority, source: source, next: {
            guard start < submissions.count else { return nil }
            defer { start += chunkSize }
            return Array(submissions[start..<min(start + chunkSize, submissions.count)])
        }, deliver: { result in
            switch result {
            case .success(let chunkIDs): ids += chunkIDs; return true
            case .failure(let error): failure = error; return false
            }
        })
        if let failure { throw failure }
        return ids
    }

    /// Chunks waiting for a connection and results waiting for delivery, shared between the
    /// calling thread and one thread per connection.
    private final class StreamState: @unchecked Sendable {
        private let condition = NSCondition()
        private var pending: [(Int, [Submission])] = []
        private var results: [Int: Result<[Int], Error>] = [:]
        private var closed = false

        func add(_ index: Int, _ chunk: [Submission]) {
            condition.withLock { pending.append((index, chunk)); condition.broadcast() }
        }

        /// No more chunks will come.
        func close() { condition.withLock { closed = true; condition.broadcast() } }

        /// Drops what has not been sent and lets the connections' threads end.
        func stop() { condition.withLock { pending.removeAll(); closed = true; condition.broadcast() } }

        /// The next chunk for a connection, waiting for one; nil once closed and drained.
        func take() -> (Int, [Submission])? {
            condition.withLock {
                while pending.isEmpty && !closed { condition.wait() }
                return pending.isEmpty ? nil : pending.removeFirst()
            }
        }

        func finish(_ index: Int, _ result: Result<[Int], Error>) {
            condition.withLock { results[index] = result; condition.broadcast() }
        }

        enum Step { case deliver(Result<[Int], Error>), produce }

        /// What the calling thread does next: deliver the result it is waiting for, or read
        /// another chunk while fewer than `width` wait; otherwise it sleeps until one of the
        /// two becomes possible (checked and waited under one lock, so no wake-up is missed).
        func nextStep(delivering index: Int, mayProduce: Bool, width: Int) -> Step {
            condition.withLock {
                while true {
                    if let result = results.removeValue(forKey: index) { return .deliver(result) }
                    if mayProduce && pending.count < width { return .produce }
                    condition.wait()
                }
            }
        }
    }
}
