import ArgumentParser
import Bench
import DocketSupport
import Foundation
import Postgres

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Docket against anchors taken in the same run.",
        subcommands: [QueueBench.self])

    struct QueueBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: "Enqueue rate, claim→complete rate of no-op jobs with full bookkeeping, and the bare SKIP LOCKED ceiling, in a scratch database.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var migrationOptions: MigrationsOptions
        @Option(help: "Jobs per phase.") var jobs = 20_000
        @Option(help: "Connections (claim loops) draining at once.") var workers = 4
        @Option(help: "Jobs claimed and completed per transaction.") var batch = 100
        @Flag(help: "Print one JSON object instead of a table.") var json = false

        func validate() throws {
            guard jobs >= 100, workers > 0, batch > 0 else { throw ValidationError("--jobs must be at least 100; --workers and --batch positive") }
        }

        func run() throws {
            let url: String
            switch db.target {
            case .url(let given, _): url = given
            case .embedded: url = try db.embeddedCluster().ensureRunning()
            }
            var options = QueueBenchmark.Options()
            options.jobs = jobs
            options.workers = workers
            options.batch = batch
            let migrations = try ResourceLocator().locate(.migrations, explicit: migrationOptions.migrations)
            let report = try QueueBenchmark(options: options, serverURL: url, migrations: migrations,
                                            progress: { if !json { printError("  \($0)") } }).run()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            print("queue benchmark: \(jobs) jobs, \(workers) connections, batch \(batch)")
            print(String(format: "  enqueue (one submit per transaction)   %10.0f rows/s", report.enqueue_single_rows_per_s))
            print(String(format: "  enqueue (batched)                      %10.0f rows/s", report.enqueue_jobs_per_s))
            print(String(format: "  claim+complete, Docket bookkeeping     %10.0f jobs/s", report.claim_complete_jobs_per_s))
            print(String(format: "  claim+complete, bare SKIP LOCKED       %10.0f jobs/s", report.raw_claim_complete_jobs_per_s))
            print(String(format: "  ratio Docket / bare                    %10.2f", report.ratio))
        }
    }
}
