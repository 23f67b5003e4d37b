import ArgumentParser
import DocketSupport
import Foundation
import Postgres

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database Docket uses and its schema state.")
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
    }
}
