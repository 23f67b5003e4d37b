import ArgumentParser
import DocketSupport
import Foundation
import Postgres
import Intake
import Queue

/// Opens the queue on the chosen database.
func openQueue(_ db: DatabaseOptions) throws -> JobQueue {
    JobQueue(connection: try db.connect(), actor: "cli:\(NSUserName())")
}

struct EnqueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Submit files (folders recursively) and print one job id per file.",
        discussion: "Submitting the same file again to the same pipeline returns its existing job, unless that job is dead or cancelled. Hidden files and partial downloads (.part, ~$…) are skipped.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Files or folders.") var paths: [String]
    @Option(help: "Pipeline to run.") var pipeline = "default"
    @Option(help: "Smaller runs first; 0 is the default, negative jumps the queue.") var priority = 0
    @Option(help: ArgumentHelp("JSON object stored with each document.", valueName: "json")) var metadata: String?
    @Option(help: "Database connections submitting at once (each server process uses one core).")
    var connections = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))

    func validate() throws {
        guard (1...16).contains(connections) else { throw ValidationError("--connections must be between 1 and 16") }
        if let metadata {
            guard let object = try? JSONSerialization.jsonObject(with: Data(metadata.utf8)), object is [String: Any] else {
                throw ValidationError("--metadata must be a JSON object, e.g. '{\"customer\": \"acme\"}'")
            }
        }
        guard (-32768...32767).contains(priority) else { throw ValidationError("--priority must fit in a smallint") }
    }

    func run() throws {
        var failed = 0
        let files = try FileWalker.files(in: paths, unnamable: { path in
            printError("docket: skipping \(path): its name is not UTF-8; rename the file to submit it")
            failed += 1
        })
        let submitter = try BulkSubmitter(connections: files.count > 500 ? connections : 1, actor: "cli:\(NSUserName())",
                                          connect: { try db.connect() })
        let limit = try submitter.maxDocumentBytes()
        var remaining = files[...]
        // Chunks of 500 files or 32 MB, read here while earlier chunks are in the database;
        // ids print in file order.
        func nextChunk() -> [Submission]? {
            guard !remaining.isEmpty else { return nil }
            var chunk: [Submission] = []
            var chunkBytes = 0
            while let file = remaining.first, chunk.count < 500, chunkBytes < 32 << 20 {
                remaining.removeFirst()
                do {
                    let content = try FileWalker.read(file, limit: limit)
                    chunk.append(Submission(name: (file as NSString).lastPathComponent, content: content, metadata: metadata))
                    chunkBytes += content.count
                } catch let error as ReportableError {
                    printError("docket: \(error.message)")
                    failed += 1
                } catch {
                    printError("docket: cannot read \(file): \(error)")
                    failed += 1
                }
            }
            return chunk
        }
        var printed = 0
        var failure: Error?
        // A bar on the terminal while the ids go to a file or a pipe (on a terminal they would
        // overwrite each other).
        let progress = files.count > 500 && isatty(1) == 0 ? ProgressLine(total: files.count) : nil
        defer { progress?.finish() }
        try submitter.submitStream(pipeline: pipeline, priority: priority, source: .cli, next: nextChunk) { result in
            switch result {
            case .success(let ids):
                for id in ids { print(id) }
                printed += ids.count
                progress?.show(done: printed + failed)
                return true
            case .failure(let error):
                // Printing stops at the first chunk that failed. Chunks after it may have
                // committed; submitting again is idempotent and prints them all.
                failure = error
                return false
            }
        }
        if let failure {
            printError("docket: submitting failed after \(printed) job id(s) were printed; the same command again returns the existing jobs and submits the rest")
            throw failure
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "List recent jobs, newest first.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Only jobs in this state (queued, running, succeeded, retrying, dead, cancelled).") var state: String?
    @Option(help: "How many to show.") var limit = 50

    func validate() throws {
        if let state, JobState(rawValue: state) == nil {
            throw ValidationError("unknown state \(state); use one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        let jobs = try openQueue(db).jobs(state: state.flatMap(JobState.init(rawValue:)), limit: limit)
        print(pad("ID", 8) + pad("STATE", 10) + pad("TRIES", 7) + pad("PIPELINE", 12) + pad("UPDATED", 21) + "FILE / LAST ERROR")
        for job in jobs {
            let error = job.lastErrorCode.map { "  [\($0)]" } ?? ""
            print(pad(String(job.id), 8) + pad(job.state.rawValue, 10) + pad("\(job.attempts)/\(job.maxAttempts)", 7)
                  + pad(job.pipeline, 12) + pad(timestamp(job.updatedAt), 21) + job.fileName + error)
        }
    }
}

struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "job", abstract: "Show one job and its full history.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Job id.") var id: Int

    func run() throws {
        let (job, events) = try openQueue(db).job(id: id)
        print("job \(job.id): \(job.state.rawValue)")
        print("  file:      \(job.fileName) (\(job.sizeBytes) bytes)")
        print("  pipeline:  \(job.pipeline), priority \(job.priority), attempts \(job.attempts)/\(job.maxAttempts)")
        print("  submitter: \(job.submittedBy)")
        if let code = job.lastErrorCode { print("  error:     [\(code)] \(job.lastError ?? "")") }
        print("  history:")
        for event in events {
            let from = event.from?.rawValue ?? "-"
            let error = event.errorCode.map { "  [\($0)] \(event.error ?? "")" } ?? ""
            print("    \(timestamp(event.at))  \(pad(from, 9)) -> \(pad(event.to.rawValue, 9)) attempt \(event.attempt)  by \(event.actor)\(error)")
        }
    }
}

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued, retrying or running job.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Job id.") var id: Int

    func run() throws {
        let was = try openQueue(db).cancel(jobID: id)
        print("job \(id) cancelled (was \(was.rawValue))")
    }
}

struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue a dead or cancelled job again.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Job id.") var id: Int

    func run() throws {
        let was = try openQueue(db).retry(jobID: id)
        print("job \(id) queued again (was \(was.rawValue))")
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
    return formatter.string(from: date)
}
