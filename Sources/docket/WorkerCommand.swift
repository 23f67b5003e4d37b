import ArgumentParser
import DocketSupport
import Foundation
import Postgres
import Queue
import Worker

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Process queued jobs until stopped (SIGTERM/Ctrl-C finish the jobs in flight, then exit 0).")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Claim loops, each with its own database connection.") var concurrency = 2
    @Option(help: "Jobs each loop claims at once.") var batch = 10
    @Option(help: "Seconds a claim lasts without a heartbeat.") var lease: Double = 60
    @Option(help: "Seconds an idle worker waits for a notification before polling.") var pollInterval: Double = 5
    @Flag(help: "Exit once nothing is queued, retrying or running.") var exitWhenIdle = false
    @Option(help: "What to do with each job: digest (check and record size and SHA-256) or noop.")
    var handler = "digest"
    @Option(help: .hidden) var testRecordInto: String?
    @Option(help: .hidden) var testDelay: Double = 0

    func validate() throws {
        guard concurrency > 0, batch > 0 else { throw ValidationError("--concurrency and --batch must be positive") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
        guard ["digest", "noop"].contains(handler) else { throw ValidationError("--handler must be digest or noop") }
    }

    func run() throws {
        // One clear line now if the database is unreachable; later outages are waited out.
        let url = try db.migratedServerURL()
        let recordInto = testRecordInto, delay = testDelay, handlerName = handler
        var config = WorkerConfiguration()
        config.concurrency = concurrency
        config.batchSize = batch
        config.lease = lease
        config.pollInterval = pollInterval
        config.rescueInterval = min(10, lease / 2)
        config.exitWhenIdle = exitWhenIdle
        let worker = Worker(
            connect: { try Connection(url) },
            handler: {
                if let recordInto { return try! RecordingHandler(table: recordInto, delay: delay) }
                return handlerName == "noop" ? NoopHandler() : DigestHandler()
            },
            configuration: config,
            log: { printError("docket worker: \($0)") })
        worker.stop.installHandlers { printError("docket worker: \($0)") }
        printError("docket worker: \(worker.actor) started (\(concurrency) loop(s), batch \(batch), lease \(Int(lease)) s)")
        let totals = worker.run()
        printError("docket worker: stopped; \(totals.succeeded) succeeded, \(totals.retried) to retry, \(totals.dead) dead, \(totals.leaseLost) lease lost")
    }
}
