import ArgumentParser
import DocketSupport
import Extraction
import Foundation
import Parsing
import Postgres
import Queue
import Results
import Worker

struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Submit files (folders recursively), process them through the queue and database, and print each result.",
        discussion: """
            Runs a worker inside this command until every submitted job has ended; other workers on the \
            same database may take part. Prints one line per result (--json: the result object, as \
            `docket extract --json` prints it, plus job_id and result_id) and a table per document type. \
            Files that fail (unsupported format, corrupt, empty) print status "failed" with the error; \
            the exit status is then 1. Results stay in docket.results, docket.fields and the views per type.
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var migrations: MigrationsOptions
    @OptionGroup var pipelineOptions: PipelineOptions
    @OptionGroup var tuning: WorkerTuning
    @Argument(help: "Files or folders.") var paths: [String]
    @Flag(help: "One JSON result object per line.") var json = false

    func validate() throws { try tuning.check() }

    func run() throws {
        let files = try FileWalker.files(in: paths, unnamable: { path in
            printError("docket process: skipping \(path): its name is not UTF-8; rename the file to process it")
        })
        let url = try migratedURL(db, migrations, quiet: true)
        let stop = StopSignal()
        stop.installHandlers(draining: "stopping; submitted jobs stay queued for the next worker") { printError("docket process: \($0)") }
        let background = try BackgroundWorker(url: url, options: pipelineOptions, tuning: tuning, stop: stop,
                                              log: { printError("docket process: \($0)") })
        let pipeline = background.pipeline
        let connection = try Connection(url)
        let queue = JobQueue(connection: connection, actor: "cli:\(NSUserName())")
        var jobIDs: [Int] = []
        for chunk in stride(from: 0, to: files.count, by: 200).map({ Array(files[$0..<min($0 + 200, files.count)]) }) {
            let submissions = try chunk.map { Submission(name: ($0 as NSString).lastPathComponent, content: try Data(contentsOf: URL(fileURLWithPath: $0))) }
            jobIDs += try queue.submit(submissions, pipeline: pipeline.name, pipelineVersion: pipeline.version, source: .cli)
        }
        background.start()
        let store = ResultStore(connection: connection)
        let progress = ProgressLine(total: Set(jobIDs).count)
        while !stop.isRequested {
            let state = try store.progress(jobIDs: Array(Set(jobIDs)))
            progress.show(done: state.finished)
            if state.open == 0 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        progress.finish()
        _ = background.stopAndWait()
        if try stop.isRequested && store.progress(jobIDs: jobIDs).open > 0 { throw ExitCode(130) }

        let outcomes = try store.outcomes(jobIDs: jobIDs)
        var summary = TypeSummary()
        for (file, id) in zip(files, jobIDs) {
            for outcome in outcomes[id] ?? [] {
                summary.add(outcome)
                var object = outcome
                if case .object(let pairs) = outcome { object = .object([("file", .string(file))] + pairs) }
                print(json ? encodeLine(object) : describe(file: file, outcome))
            }
        }
        let table = summary.table()
        if json { printError(table) } else { print("\n" + table) }
        if summary.failed > 0 { throw ExitCode(1) }
    }

    func describe(file: String, _ outcome: JSONValue) -> String {
        if outcome["status"]?.stringValue == "failed" {
            return "\(file): failed [\(outcome["error"]?["code"]?.stringValue ?? "?")] \(outcome["error"]?["message"]?.stringValue ?? "")"
        }
        var line = "\(file)"
        if let item = outcome["item_index"]?.stringValue, item != "0" { line += " #\(item)" }
        line += ": \(outcome["doc_type"]?.stringValue ?? "?") \(outcome["status"]?.stringValue ?? "?")"
        if let reasons = outcome["reasons"]?.arrayValue, !reasons.isEmpty {
            line += " [\(reasons.compactMap(\.stringValue).joined(separator: ", "))]"
        }
        if case .object(let fields)? = outcome["fields"] {
            for (name, field) in fields { line += "\n  \(name): \(field["value"].map(ResultText.plain) ?? "")" }
        }
        return line
    }
}
