import ArgumentParser
import DocketSupport
import Extraction
import Foundation
import Parsing
import Postgres
import Queue
import Results
import Worker

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Process queued jobs until stopped (SIGTERM/Ctrl-C finish the jobs in flight, then exit 0).",
        discussion: """
            Each job is parsed, classified and extracted under the pipeline it was submitted to, and its \
            results are written to docket.results and docket.fields in the same transaction that completes \
            the job. The worker registers --pipeline's version so SQL submissions pick it up.
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var pipelineOptions: PipelineOptions
    @OptionGroup var tuning: WorkerTuning
    @Flag(help: "Exit once nothing is queued, retrying or running.") var exitWhenIdle = false
    @Option(help: "What to do with each job: pipeline (parse, classify, extract, store results), digest (check and record size and SHA-256) or noop.")
    var handler = "pipeline"
    @Option(help: .hidden) var testRecordInto: String?
    @Option(help: .hidden) var testDelay: Double = 0

    func validate() throws {
        try tuning.check()
        guard ["pipeline", "digest", "noop"].contains(handler) else { throw ValidationError("--handler must be pipeline, digest or noop") }
    }

    func run() throws {
        // One clear line now if the database is unreachable; later outages are waited out.
        let url = try db.migratedServerURL()
        let recordInto = testRecordInto, delay = testDelay, handlerName = handler
        var makeHandler: () -> BatchHandler = { handlerName == "noop" ? NoopHandler() : DigestHandler() }
        var pipeline: Pipeline?
        if let recordInto {
            makeHandler = { try! RecordingHandler(table: recordInto, delay: delay) }
        } else if handler == "pipeline" {
            (pipeline, makeHandler) = try pipelineHandlerFactory(pipelineOptions, registerOn: try Connection(url))
        }
        let worker = Worker(connect: { try Connection(url) }, handler: makeHandler,
                            configuration: tuning.configuration(exitWhenIdle: exitWhenIdle),
                            log: { printError("docket worker: \($0)") })
        worker.stop.installHandlers { printError("docket worker: \($0)") }
        if let pipeline {
            startRetentionSweeps(url: url, pipeline: pipeline, stop: worker.stop, log: { printError("docket worker: \($0)") })
        }
        printError("docket worker: \(worker.actor) started (\(tuning.concurrency) loop(s), batch \(tuning.batch), lease \(Int(tuning.lease)) s)")
        let totals = worker.run()
        printError("docket worker: stopped; \(totals.succeeded) succeeded, \(totals.retried) to retry, \(totals.dead) dead, \(totals.leaseLost) lease lost")
    }
}

/// Flags shared by the commands that run workers.
struct WorkerTuning: ParsableArguments {
    @Option(help: "Claim loops, each with its own database connection.") var concurrency = 2
    @Option(help: "Jobs each loop claims at once.") var batch = 10
    @Option(help: "Seconds a claim lasts without a heartbeat.") var lease: Double = 60
    @Option(help: "Seconds an idle worker waits for a notification before polling.") var pollInterval: Double = 5

    func check() throws {
        guard concurrency > 0, batch > 0 else { throw ValidationError("--concurrency and --batch must be positive") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
    }

    func configuration(exitWhenIdle: Bool) -> WorkerConfiguration {
        var config = WorkerConfiguration()
        config.concurrency = concurrency
        config.batchSize = batch
        config.lease = lease
        config.pollInterval = pollInterval
        config.rescueInterval = min(10, lease / 2)
        config.exitWhenIdle = exitWhenIdle
        return config
    }
}

/// Loads the named pipeline now (so a broken YAML or schema stops start-up with its file and
/// line), registers its version, and returns it with a factory of handlers: one parser child
/// process per loop, one shared extractor cache.
func pipelineHandlerFactory(_ options: PipelineOptions, registerOn connection: Connection) throws
    -> (pipeline: Pipeline, makeHandler: () -> BatchHandler) {
    let main = try options.extractor()
    try ResultWriter.register(main.pipeline, on: connection)
    let cache = ExtractorCache { name in
        if name == main.pipeline.name { return main }
        var other = options
        other.pipeline = name
        return try other.extractor()
    }
    let executable = ResourceLocator.currentExecutablePath()
    return (main.pipeline, { PipelineHandler(extractors: cache, pool: ParserProcessPool(options: .init(executable: executable))) })
}
