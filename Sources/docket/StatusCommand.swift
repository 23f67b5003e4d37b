import ArgumentParser
import DocketSupport
import Foundation
import Postgres
import Queue

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database, its schema state, the queue (counts per state, oldest waiting job, throughput, dead jobs) and results by status.")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var migrationOptions: MigrationsOptions

    func run() throws {
        let connection = try db.connect()
        print("database:   \(try db.describe())")
        print("server:     PostgreSQL \(versionString(connection.serverVersion))")
        let migrator = try migrationOptions.migrator()
        let rows = try migrator.status(on: connection)
        let pending = rows.filter { $0.appliedAt == nil }.count
        print("migrations: \(rows.count - pending) applied, \(pending) pending\(pending > 0 ? " (run docket migrate)" : "")")
        guard try connection.query("SELECT to_regclass('docket.jobs') IS NOT NULL").scalar(Bool.self) else { return }
        let queue = try JobQueue(connection: connection).status()
        let counts = JobState.allCases.map { "\($0.rawValue) \(queue.counts[$0] ?? 0)" }.joined(separator: ", ")
        print("jobs:       \(counts)")
        print("oldest queued: \(queue.oldestQueuedAge.map { String(format: "%.0f s ago", $0) } ?? "none waiting")")
        print("last minute: \(queue.finishedLastMinute) job(s) finished (\(String(format: "%.1f", Double(queue.finishedLastMinute) / 60))/s)")
        if try connection.query("SELECT to_regclass('docket.results') IS NOT NULL").scalar(Bool.self) {
            let row = try connection.query("""
                SELECT count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'needs_review'),
                       count(*) FILTER (WHERE status = 'reviewed')
                FROM docket.results
                """).rows[0]
            print("results:    ok \(try row.decode(0, as: Int.self)), needs review \(try row.decode(1, as: Int.self)) (docket.review_queue), reviewed \(try row.decode(2, as: Int.self))")
        }
        if !queue.deadJobs.isEmpty {
            print("dead jobs needing attention (docket job ID shows why; docket retry ID runs again):")
            for job in queue.deadJobs {
                print("  \(job.id)  \(job.fileName)  [\(job.lastErrorCode ?? "?")] \(job.lastError ?? "")")
            }
        }
    }
}
