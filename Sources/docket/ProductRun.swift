import DocketSupport
import Extraction
import Foundation
import Parsing
import Postgres
import Results
import Worker

/// The in-process worker `docket process` and `docket up` run: a `Worker` with the pipeline
/// handler on its own thread, stopped through the shared signal.
final class BackgroundWorker {
    let worker: Worker
    /// The pipeline the worker registered, loaded once at start.
    let pipeline: Pipeline
    private let done = DispatchSemaphore(value: 0)
    private(set) var totals = WorkerTotals()

    init(url: String, options: PipelineOptions, tuning: WorkerTuning, stop: StopSignal, log: @escaping (String) -> Void) throws {
        let (pipeline, makeHandler) = try pipelineHandlerFactory(options, registerOn: try Connection(url))
        self.pipeline = pipeline
        worker = Worker(connect: { try Connection(url) }, handler: makeHandler,
                        configuration: tuning.configuration(exitWhenIdle: false), stop: stop, log: log)
        startRetentionSweeps(url: url, pipeline: pipeline, stop: stop, log: log)
    }

    func start() {
        let thread = Thread { [self] in
            totals = worker.run()
            done.signal()
        }
        thread.name = "docket-background-worker"
        thread.start()
    }

    func stopAndWait() -> WorkerTotals {
        worker.stop.request()
        done.wait()
        return totals
    }
}

/// Connects, migrating first so a fresh machine needs no separate step; returns the URL.
func migratedURL(_ db: DatabaseOptions, _ migrations: MigrationsOptions, quiet: Bool = false) throws -> String {
    let connection = try db.connect()
    let applied = try migrations.migrator().migrate(on: connection) { file in
        if !quiet { printError("docket: applying \(file.fileName)") }
    }
    if !applied.isEmpty && !quiet { printError("docket: database is up to date") }
    switch db.target {
    case .url(let given, _): return given
    case .embedded: return try db.embeddedCluster().url
    }
}

/// A one-line progress bar on a terminal's stderr: done/total, documents per second, ETA.
struct ProgressLine {
    let total: Int
    let started = Date()
    let enabled = isatty(2) == 1

    func show(done: Int) {
        guard enabled else { return }
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30, filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d  %.1f docs/s  ETA %.0f s ", bar, done, total, rate, eta).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Counts per document type for the closing table of `process` and `up`.
struct TypeSummary {
    var rows: [String: (documents: Int, ok: Int, review: Int)] = [:]
    var failed = 0

    mutating func add(_ outcome: JSONValue) {
        guard outcome["status"]?.stringValue != "failed", let type = outcome["doc_type"]?.stringValue else { failed += 1; return }
        var row = rows[type] ?? (0, 0, 0)
        row.documents += 1
        if outcome["status"]?.stringValue == "ok" { row.ok += 1 } else { row.review += 1 }
        rows[type] = row
    }

    func table() -> String {
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let space = String(repeating: " ", count: max(0, width - text.count))
            return right ? space + text : text + space
        }
        var lines = [pad("type", 26) + pad("results", 9, right: true) + pad("ok", 7, right: true) + pad("needs_review", 14, right: true)]
        for (type, row) in rows.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(type, 26) + pad("\(row.documents)", 9, right: true) + pad("\(row.ok)", 7, right: true)
                         + pad("\(row.review)", 14, right: true))
        }
        if failed > 0 { lines.append(pad("failed (no result)", 26) + pad("\(failed)", 9, right: true)) }
        return lines.joined(separator: "\n")
    }

}

/// Applies the pipeline's `retention.content_days` while workers run: at start, then hourly.
/// Patient data must not pile up by default, so this runs unless the pipeline says `forever`.
func startRetentionSweeps(url: String, pipeline: Pipeline, stop: StopSignal, log: @escaping (String) -> Void) {
    guard let days = pipeline.contentDays else { return }
    Thread.detachNewThread {
        var next = Date()
        while !stop.isRequested {
            if Date() >= next {
                do {
                    let store = ResultStore(connection: try Connection(url))
                    let purged = try store.purge(olderThan: Date().addingTimeInterval(-Double(days) * 86_400), results: false,
                                                 pipeline: pipeline.name)
                    if purged.documents > 0 { log("retention: removed the content of \(purged.documents) document(s) older than \(days) days") }
                } catch {
                    log("retention sweep failed: \(error); trying again in an hour")
                }
                next = Date().addingTimeInterval(3_600)
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }
}
