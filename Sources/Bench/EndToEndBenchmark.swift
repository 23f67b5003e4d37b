import Foundation
import Postgres
import Queue
import Synth
import Worker

/// `docket bench e2e`: documents per second through the whole path — claim, parse, map or
/// classify, extract, write results and complete — on a generated mix of every XML standard,
/// in a scratch database. Submitting is timed apart: it is the client's cost, not the worker's.
public struct EndToEndBenchmark {
    public struct Options: Sendable {
        public var documents = 2_000
        public var concurrency = 2
        public var batch = 10
        public var seed: UInt64 = 42
        /// Generated one-page PDFs of unstructured documents instead of XML standards: the
        /// encoder and the trained heads are then in the loop.
        public var pdfs = false
        public init() {}
    }

    public struct Report: Codable, Sendable {
        public var documents: Int
        public var results: Int
        public var concurrency: Int
        public var batch: Int
        public var submit_docs_per_s: Double
        public var docs_per_s: Double
        public var results_per_s: Double
        public var mean_parse_ms: Double
        public var mean_extract_ms: Double
        public var encoder_tokens_per_doc: Double
        public var succeeded: Int
        public var dead: Int
    }

    let options: Options
    let serverURL: String
    let migrations: String
    let prepare: (Connection) throws -> () -> BatchHandler
    let progress: (String) -> Void

    /// `prepare` registers the pipeline on the scratch database and returns the handler factory.
    public init(options: Options, serverURL: String, migrations: String,
                prepare: @escaping (Connection) throws -> () -> BatchHandler, progress: @escaping (String) -> Void) {
        (self.options, self.serverURL, self.migrations, self.prepare, self.progress) = (options, serverURL, migrations, prepare, progress)
    }

    public func run() throws -> Report {
        let scratch = try ScratchDatabase(serverURL: serverURL, migrations: migrations)
        let connection = try Connection(scratch.url)
        let makeHandler = try prepare(connection)
        let documents = try options.pdfs ? generatedPDFs() : (0..<options.documents).map {
            let d = XMLSamples.document($0, seed: options.seed)
            return (d.fileName, d.data)
        }
        progress("generated \(documents.count) documents (\(documents.reduce(0) { $0 + $1.1.count } / 1024) KiB)")

        let queue = JobQueue(connection: connection, actor: "bench")
        let submitStart = Date()
        _ = try queue.submit(documents.map { Submission(name: $0.0, content: $0.1) }, source: .cli)
        let submitRate = Double(documents.count) / Date().timeIntervalSince(submitStart)
        progress(String(format: "submitted: %.0f documents/s", submitRate))

        var config = WorkerConfiguration()
        config.concurrency = options.concurrency
        config.batchSize = options.batch
        config.exitWhenIdle = true
        config.pollInterval = 0.2
        let worker = Worker(connect: { try Connection(scratch.url) }, handler: makeHandler, configuration: config,
                            log: { self.progress("worker: \($0)") })
        let start = Date()
        let totals = worker.run()
        let elapsed = Date().timeIntervalSince(start)

        let row = try connection.query("""
            SELECT count(*), coalesce(avg((timings ->> 'parse')::float8), 0), coalesce(avg((timings ->> 'extract')::float8), 0),
                   coalesce(avg((timings ->> 'encoder_tokens')::float8), 0)
            FROM docket.results
            """).rows.first!
        let results = try row.decode(0, as: Int.self)
        progress(String(format: "processed: %.0f documents/s, %.0f results/s", Double(documents.count) / elapsed, Double(results) / elapsed))
        return Report(documents: documents.count, results: results, concurrency: options.concurrency, batch: options.batch,
                      submit_docs_per_s: submitRate, docs_per_s: Double(documents.count) / elapsed,
                      results_per_s: Double(results) / elapsed, mean_parse_ms: try row.decode(1, as: Double.self),
                      mean_extract_ms: try row.decode(2, as: Double.self), encoder_tokens_per_doc: try row.decode(3, as: Double.self),
                      succeeded: totals.succeeded, dead: totals.dead)
    }

    /// One-page PDFs of every unstructured type, rendered into a temporary folder and read back.
    func generatedPDFs() throws -> [(String, Data)] {
        let folder = NSTemporaryDirectory() + "docket-bench-pdfs-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try (0..<options.documents).map { index in
            let label = try FormSamples.write(index, seed: options.seed, heldOut: true, to: folder)
            return (label.file, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + label.file)))
        }
    }
}
