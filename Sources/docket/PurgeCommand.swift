import ArgumentParser
import DocketSupport
import Foundation
import Results

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Retention: remove the content of documents older than a given age (and with --results, their results).",
        discussion: """
            Content is removed only from documents whose jobs have all ended; the file name, size and \
            SHA-256 stay for the audit trail, and so does docket.job_events. Ages: 90d, 12h, 30m.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: ArgumentHelp("Age: a number with d, h or m.", valueName: "age")) var olderThan: String
    @Flag(help: "Delete the results (and their fields and review corrections) too.") var results = false

    func validate() throws {
        guard PurgeCommand.seconds(olderThan) != nil else { throw ValidationError("--older-than takes an age such as 90d, 12h or 30m") }
    }

    static func seconds(_ age: String) -> TimeInterval? {
        guard let unit = age.last, let number = Double(age.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "d": return number * 86_400
        case "h": return number * 3_600
        case "m": return number * 60
        default: return nil
        }
    }

    func run() throws {
        let cutoff = Date().addingTimeInterval(-PurgeCommand.seconds(olderThan)!)
        let store = ResultStore(connection: try db.connect())
        let purged = try store.purge(olderThan: cutoff, results: results)
        print("removed the content of \(purged.documents) document(s)" + (results ? " and \(purged.results) result(s)" : ""))
    }
}
