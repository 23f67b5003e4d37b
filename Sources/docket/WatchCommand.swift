import ArgumentParser
import DocketSupport
import Foundation
import Intake
import Postgres
import Worker

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a folder: submit each file dropped there, then move it to .done/ or .failed/ when its job ends.",
        discussion: """
            Files are taken once they have stopped changing (--settle). Hidden files, partial downloads \
            (.part, .crdownload, .tmp) and office lock files (~$…) are ignored, and so are subfolders. \
            Run `docket worker` beside it to process the jobs. Ctrl-C or SIGTERM stops it; files still \
            being processed are followed again on the next start.
            """)
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The inbox folder.") var folder: String
    @Option(help: "Pipeline for the submitted documents.") var pipeline = "default"
    @Option(help: "Seconds a file must stay unchanged before it is read.") var settle: Double = 1

    func validate() throws {
        guard settle >= 0 else { throw ValidationError("--settle cannot be negative") }
    }

    func run() throws {
        // One clear line now if the database is unreachable; later outages are waited out.
        let url = try db.migratedServerURL()
        var options = InboxWatcher.Options()
        options.pipeline = pipeline
        options.settle = settle
        let stop = StopSignal()
        stop.installHandlers(draining: "stopping the watcher; unfinished files are picked up on the next start") {
            printError("docket watch: \($0)")
        }
        let path = (folder as NSString).standardizingPath
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let watcher = InboxWatcher(folder: absolute, options: options, connect: { try Connection(url) },
                                   stop: { stop.isRequested }, log: { printError("docket watch: \($0)") })
        printError("docket watch: watching \(absolute) (finished files go to .done/ and .failed/)")
        try watcher.run()
        printError("docket watch: stopped; \(watcher.submittedCount) submitted, \(watcher.movedCount) moved")
    }
}
