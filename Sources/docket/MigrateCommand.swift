import ArgumentParser
import DocketSupport
import Foundation
import Postgres

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (safe to run again, and concurrently).")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var migrationOptions: MigrationsOptions
    @Flag(name: .long, help: "Only list each migration and whether it is applied.")
    var status = false

    func run() throws {
        let migrator = try migrationOptions.migrator()
        let connection = try db.connect()
        if status {
            let rows = try migrator.status(on: connection)
            for row in rows {
                let when = row.appliedAt.map { "applied \(ISO8601DateFormatter().string(from: $0))" } ?? "pending"
                print("\(row.file.fileName)  \(when)")
            }
            let pending = rows.filter { $0.appliedAt == nil }.count
            print("\(rows.count - pending) applied, \(pending) pending (\(migrator.folder))")
            return
        }
        let applied = try migrator.migrate(on: connection) { file in
            printError("docket: applying \(file.fileName)")
        }
        print(applied.isEmpty ? "database is up to date (\(migrator.files.count) migrations)" : "applied \(applied.count) migration(s); database is up to date")
    }
}
