import Foundation
import Postgres
import Queue
import Worker

/// `docket bench queue`: Docket's queue against the bare SKIP LOCKED loop on the same server,
/// with the same batch size, connection count, synchronous_commit settings and protocol
/// (prepared statements with generic plans, binary format, claim with synchronous_commit off,
/// completion in a synchronous transaction).
public struct QueueBenchmark {
    public struct Options: Sendable {
        public var jobs = 100_000
        public var workers = 4
        public var batch = 100
        /// Connections the bulk enqueue uses, as `docket enqueue --connections`.
        public var enqueueConnections = 2
        /// Rounds of enqueue, Docket drain and bare drain, taking turns; the best of each counts.
        public var rounds = 3
        public init() {}
    }

    public struct Report: Codable, Sendable {
        public var jobs: Int
        public var workers: Int
        public var batch: Int
        public var enqueue_single_rows_per_s: Double
        public var enqueue_one_connection_rows_per_s: Double
        public var enqueue_connections: Int
        /// The bulk path (`docket enqueue` of many files): submit_batch of 1,000 over
        /// `enqueue_connections` connections.
        public var enqueue_jobs_per_s: Double
        public var claim_complete_jobs_per_s: Double
        public var raw_claim_complete_jobs_per_s: Double
        public var ratio: Double
        /// Docket / bare within each round, the two drains run back to back: on a noisy box
        /// these pairs move together, so their median is steadier than `ratio`, which divides
        /// the best drain of either kind, from whichever rounds they came.
        public var round_ratios: [Double]
        public var median_round_ratio: Double
        public var rounds: Int
    }

    let options: Options
    let serverURL: String
    let migrations: String
    let progress: (String) -> Void

    public init(options: Options, serverURL: String, migrations: String, progress: @escaping (String) -> Void) {
        self.options = options
        self.serverURL = serverURL
        self.migrations = migrations
        self.progress = progress
    }

    /// The phases take turns for `rounds` rounds and the best figure of each counts, as in
    /// `docket bench parse`: on this shared 2-core box one phase alone swung by ±30% from one
    /// minute to the next, and a single Docket-then-bare pass measured whichever phase the
    /// machine happened to slow. Both tables grow by the same number of jobs each round.
    public func run() throws -> Report {
        let scratch = try ScratchDatabase(serverURL: serverURL, migrations: migrations)
        let single = try enqueueSingle(scratch.url, count: min(2_000, max(100, options.jobs / 10)))
        progress(String(format: "enqueue, one submit() per transaction: %.0f rows/s", single))
        var one = 0.0, bulk = 0.0, docket = 0.0, raw = 0.0, roundRatios: [Double] = []
        for round in 1...max(1, options.rounds) {
            let batched = try enqueueBatched(scratch.url, round: round)
            let drained = try drainWithDocket(scratch.url)
            let bare = try drainRaw(scratch.url)
            progress(String(format: "round %d: enqueue %.0f rows/s on 1 connection, %.0f on %d; claim+complete %.0f jobs/s with Docket's bookkeeping, %.0f bare (%.2f)",
                            round, batched.oneConnection, batched.bulk, options.enqueueConnections, drained, bare, drained / bare))
            one = max(one, batched.oneConnection)
            bulk = max(bulk, batched.bulk)
            docket = max(docket, drained)
            raw = max(raw, bare)
            roundRatios.append(drained / bare)
        }
        let sorted = roundRatios.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return Report(jobs: options.jobs, workers: options.workers, batch: options.batch,
                      enqueue_single_rows_per_s: single, enqueue_one_connection_rows_per_s: one,
                      enqueue_connections: options.enqueueConnections, enqueue_jobs_per_s: bulk,
                      claim_complete_jobs_per_s: docket, raw_claim_complete_jobs_per_s: raw, ratio: docket / raw,
                      round_ratios: roundRatios, median_round_ratio: median, rounds: max(1, options.rounds))
    }

    private func enqueueSingle(_ url: String, count: Int) throws -> Double {
        let c = try Connection(url)
        let start = Date()
        for i in 0..<count {
            try c.query(prepared: "single", "SELECT docket.submit($1, $2)", ["single-\(i)", Data("single document \(i)".utf8)])
        }
        let elapsed = Date().timeIntervalSince(start)
        // Keep these out of the drain that follows: only the batched jobs are counted there.
        try c.query("UPDATE docket.jobs SET state = 'cancelled' WHERE state = 'queued'")
        return Double(count) / elapsed
    }

    /// submit_batch in chunks of 1,000, as `docket enqueue` sends a large folder: over
    /// `connections` connections at once. The first half of the jobs goes through one connection
    /// alone, the second half through the bulk submitter.
    private func enqueueBatched(_ url: String, round: Int) throws -> (oneConnection: Double, bulk: Double) {
        // New content each round: the same bytes again would be deduplicated, not enqueued.
        let submissions = (0..<options.jobs).map {
            Submission(name: "doc-\(round)-\($0).txt", content: Data("document number \($0) of round \(round)".utf8))
        }
        let half = options.jobs / 2
        let queue = JobQueue(connection: try Connection(url))
        var start = Date()
        _ = try queue.submit(Array(submissions[..<half]), source: .cli, chunkSize: 1_000)
        let one = Double(half) / Date().timeIntervalSince(start)
        let bulk = try BulkSubmitter(connections: options.enqueueConnections, connect: { try Connection(url) })
        start = Date()
        _ = try bulk.submit(Array(submissions[half...]), source: .cli, chunkSize: 1_000)
        return (one, Double(options.jobs - half) / Date().timeIntervalSince(start))
    }

    private func drainWithDocket(_ url: String) throws -> Double {
        // Same starting point as the bare loop's table: fresh statistics, no dead rows.
        let maintenance = try Connection(url)
        try maintenance.unsafeExecute("VACUUM ANALYZE docket.jobs")
        try maintenance.unsafeExecute("VACUUM ANALYZE docket.documents")
        var config = WorkerConfiguration()
        config.concurrency = options.workers
        config.batchSize = options.batch
        config.exitWhenIdle = true
        config.rescueInterval = 3600
        // A failing loop would otherwise retry forever: a broken statement must end the run
        // with its error, not leave a benchmark that never finishes.
        config.stopAfterFailures = 1
        let worker = Worker(connect: { try Connection(url) }, handler: { NoopHandler() }, configuration: config, log: { _ in })
        let start = Date()
        let totals = worker.run()
        let elapsed = Date().timeIntervalSince(start)
        if let failure = totals.failure { throw PostgresError(.server, "the worker failed: \(failure)") }
        guard totals.succeeded == options.jobs else {
            throw PostgresError(.server, "benchmark drained \(totals.succeeded) of \(options.jobs) jobs")
        }
        return Double(totals.succeeded) / elapsed
    }

    /// The ceiling: the same claim CTE shape and completion, on a bare table, no events, no NOTIFY.
    private func drainRaw(_ url: String) throws -> Double {
        let setup = try Connection(url)
        try setup.unsafeExecute("""
            CREATE TABLE IF NOT EXISTS bench_raw (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state smallint NOT NULL DEFAULT 0,
                priority smallint NOT NULL DEFAULT 0, run_at timestamptz NOT NULL DEFAULT now(),
                lease_owner text, lease_expires_at timestamptz);
            CREATE INDEX IF NOT EXISTS bench_raw_claimable ON bench_raw (priority, run_at, id) WHERE state = 0;
            """)
        try setup.query("INSERT INTO bench_raw (state) SELECT 0 FROM generate_series(1, $1)", [options.jobs])
        try setup.unsafeExecute("VACUUM ANALYZE bench_raw")
        let batch = options.batch
        let counter = Counter()
        let failure = Counter()
        let elapsed = timeParallel(threads: options.workers) { index in
            do {
                let c = try Connection(url)
                try c.unsafeExecute("SET synchronous_commit = off")
                try c.unsafeExecute("SET plan_cache_mode = force_generic_plan")
                let owner = "raw-\(index)"
                while true {
                    let ids = try c.query(prepared: "raw_claim", """
                        WITH c AS (
                            SELECT id FROM bench_raw WHERE state = 0 AND run_at <= $1
                            ORDER BY priority, run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
                        )
                        UPDATE bench_raw b SET state = 1, lease_owner = $3, lease_expires_at = $1 + interval '60 seconds'
                        WHERE b.id = ANY(ARRAY(SELECT id FROM c)) RETURNING b.id
                        """, [Date(), batch, owner]).rows.map { try $0.decode(0, as: Int.self) }
                    if ids.isEmpty { break }
                    try c.transaction { tx in
                        try tx.unsafeExecute("SET LOCAL synchronous_commit = on")
                        try tx.query(prepared: "raw_complete", """
                            UPDATE bench_raw SET state = 2, lease_owner = NULL, lease_expires_at = NULL
                            WHERE id = ANY($1) AND lease_owner = $2 AND state = 1
                            """, [ids, owner])
                    }
                    counter.add(ids.count)
                }
            } catch {
                failure.add(1)
            }
        }
        guard failure.value == 0, counter.value == options.jobs else {
            throw PostgresError(.server, "the raw loop drained \(counter.value) of \(options.jobs) jobs")
        }
        return Double(counter.value) / elapsed
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.withLock { total += n } }
    var value: Int { lock.withLock { total } }
}
