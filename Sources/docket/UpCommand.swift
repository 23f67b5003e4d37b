import ArgumentParser
import DocketSupport
import Foundation
import Intake
import Postgres
import Results
import Worker

struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run everything: the database (embedded unless --database), migrations, the inbox watcher and workers.",
        discussion: """
            Files dropped into the inbox are submitted, processed and moved to .done/ (or .failed/ with \
            an .error.txt). Results land in docket.results, docket.fields and the views per type \
            (docket.invoices, docket.bank_statements, …); documents needing a person are in \
            docket.review_queue. Ctrl-C finishes the jobs in flight and stops. With --exit-when-idle it \
            stops by itself once the inbox and the queue are empty.
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var migrations: MigrationsOptions
    @OptionGroup var pipelineOptions: PipelineOptions
    @OptionGroup var tuning: WorkerTuning
    @Option(help: "The folder to watch (created when missing).") var inbox = "./inbox"
    @Option(help: "Seconds a file must stay unchanged before it is read.") var settle: Double = 1
    @Flag(help: "Stop once every inbox file is done and nothing is queued, retrying or running.") var exitWhenIdle = false

    func validate() throws {
        try tuning.check()
        guard settle >= 0 else { throw ValidationError("--settle cannot be negative") }
    }

    func run() throws {
        let url = try migratedURL(db, migrations)
        let folder = DocketPaths.absolute(inbox)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stop = StopSignal()
        stop.installHandlers(draining: "finishing the jobs in flight, then stopping") { printError("docket up: \($0)") }
        let background = try BackgroundWorker(url: url, options: pipelineOptions, tuning: tuning, stop: stop,
                                              log: { printError("docket up: \($0)") })
        background.start()
        printError("docket up: database \(try db.describe())")
        printError("docket up: watching \(folder); results in docket.results and the views per type; Ctrl-C stops")

        var options = InboxWatcher.Options()
        options.pipeline = pipelineOptions.pipeline
        options.settle = settle
        options.exitWhenIdle = exitWhenIdle
        let watcher = InboxWatcher(folder: folder, options: options, connect: { try Connection(url) },
                                   stop: { stop.isRequested }, log: { printError("docket up: \($0)") })
        let reporter = StatusReporter(url: url, stop: stop)
        reporter.start()
        try watcher.run()
        // The watcher returns once its files are done (or on Ctrl-C); jobs submitted by SQL may remain.
        if exitWhenIdle {
            let connection = try Connection(url)
            while !stop.isRequested, !(try connection.query("""
                SELECT NOT EXISTS (SELECT 1 FROM docket.jobs WHERE state IN ('queued', 'retrying', 'running'))
                """).scalar(Bool.self)) {
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        let totals = background.stopAndWait()
        reporter.report()
        printError("docket up: stopped; \(watcher.submittedCount) file(s) submitted, \(totals.succeeded) job(s) succeeded, \(totals.dead) dead")
    }
}

/// Prints the queue's counts every few seconds while `docket up` runs, when they change.
final class StatusReporter {
    let url: String
    let stop: StopSignal
    private var last = ""

    init(url: String, stop: StopSignal) { (self.url, self.stop) = (url, stop) }

    func start() {
        Thread.detachNewThread { [self] in
            while !stop.isRequested {
                Thread.sleep(forTimeInterval: 2)
                report()
            }
        }
    }

    func report() {
        guard let connection = try? Connection(url), let row = try? connection.query("""
            SELECT count(*) FILTER (WHERE state IN ('queued', 'retrying')), count(*) FILTER (WHERE state = 'running'),
                   count(*) FILTER (WHERE state = 'succeeded'), count(*) FILTER (WHERE state = 'dead'),
                   (SELECT count(*) FROM docket.results WHERE status = 'needs_review')
            FROM docket.jobs
            """).rows.first else { return }
        let values = (0..<5).map { (try? row.decode($0, as: Int.self)) ?? 0 }
        let line = "queued \(values[0]), running \(values[1]), succeeded \(values[2]), dead \(values[3]); \(values[4]) result(s) in docket.review_queue"
        if line != last { printError("docket up: \(line)"); last = line }
    }
}

enum DocketPaths {
    static func absolute(_ path: String) -> String {
        let standardized = (path as NSString).standardizingPath
        return standardized.hasPrefix("/") ? standardized : FileManager.default.currentDirectoryPath + "/" + standardized
    }
}
