import Extraction
import Foundation
import Parsing
import Queue
import Results

/// The product's batch handler: for each claimed job, read the document, parse it (PDFs in an
/// isolated child process), run its pipeline's extraction, and hand back the result rows to be
/// written in the completion transaction. A file that can never be read (unsupported format,
/// corrupt, empty) fails without retry; a crash or timeout of the parser is retried.
public final class PipelineHandler: BatchHandler {
    let extractors: ExtractorCache
    let pool: ParserProcessPool?
    let limits: ParseLimits

    public init(extractors: ExtractorCache, pool: ParserProcessPool?, limits: ParseLimits = ParseLimits()) {
        self.extractors = extractors
        self.pool = pool
        self.limits = limits
    }

    public func handle(_ batch: [ClaimedJob], queue: JobQueue) -> [JobOutcome] {
        batch.map { job in
            do {
                return try process(job, queue: queue)
            } catch let error as ParseError {
                return failure(job, error.code, error.message, retryable: error.retryable)
            } catch let error as ExtractionError {
                return failure(job, error.code, error.message, retryable: false)
            } catch {
                return failure(job, "internal", "processing failed: \(error)", retryable: true)
            }
        }
    }

    func process(_ job: ClaimedJob, queue: JobQueue) throws -> JobOutcome {
        let extractor = try extractors.extractor(for: job.pipeline)
        guard let stored = try queue.document(of: job), let content = stored.content else {
            return failure(job, "content_purged", "the document's content was removed by retention", retryable: false)
        }
        let started = Date()
        let document = try DocumentParser.parse(content, fileName: stored.fileName, isolatingPDFsIn: pool, limits: limits)
        let parseMS = Date().timeIntervalSince(started) * 1000
        var results = extractor.extract(document)
        for index in results.indices { results[index].timings.insert(("parse", parseMS), at: 0) }
        let pipeline = extractor.pipeline
        let summary = ResultRows.encode(.object([
            ("results", .number(String(results.count))),
            ("doc_types", .array(results.map { .string($0.docType) })),
            ("needs_review", .number(String(results.filter { $0.status == .needsReview }.count))),
        ]))
        return JobOutcome(jobID: job.id, status: .succeeded(output: summary)) { tx in
            try ResultWriter.write(results, jobID: job.id, pipeline: pipeline, on: tx)
        }
    }

    func failure(_ job: ClaimedJob, _ code: String, _ message: String, retryable: Bool) -> JobOutcome {
        JobOutcome(jobID: job.id, status: .failed(JobFailure(code: code, message: message, retryable: retryable)))
    }
}

/// Extractors by pipeline name, loaded once each and shared by every worker loop (the encoder
/// inside is read-only after loading). A pipeline that cannot be loaded fails its jobs with the
/// loader's message.
public final class ExtractorCache: @unchecked Sendable {
    let load: (String) throws -> Extractor
    private let lock = NSLock()
    private var loaded: [String: Result<Extractor, Error>] = [:]

    public init(load: @escaping (String) throws -> Extractor) { self.load = load }

    public func extractor(for pipeline: String) throws -> Extractor {
        try lock.withLock {
            if let hit = loaded[pipeline] { return try hit.get() }
            let result = Result { try load(pipeline) }
            loaded[pipeline] = result
            return try result.get()
        }
    }
}
