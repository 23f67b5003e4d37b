import ArgumentParser
import DocketSupport
import Foundation
import Parsing
import Results

struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Submit processed documents again under the pipeline's current version, keeping the old results.",
        discussion: """
            The pipeline version is part of each job's idempotency key: raise `version` in \
            pipelines/<name>.yaml after changing the pipeline or its models, then run this. Documents \
            already processed under the current version are counted, not submitted; documents whose \
            content retention removed cannot run again and are counted too. Workers (docket worker, \
            docket up) then process the new jobs; old and new results sit side by side in docket.results.
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var pipelineOptions: PipelineOptions
    @Option(help: "Only documents whose result has this type.") var type: String?
    @Option(help: ArgumentHelp("Only results created on or after this date (YYYY-MM-DD).", valueName: "date")) var since: String?

    func validate() throws {
        if let since, ISO8601DateFormatter.date(since) == nil { throw ValidationError("--since takes a date such as 2026-01-31") }
    }

    func run() throws {
        let pipeline = try pipelineOptions.load()
        if let type, pipeline.settings(type) == nil {
            throw SupportError(code: "unknown_type", message: "pipeline \(pipeline.name) has no type '\(type)' (known: \(pipeline.typeNames.joined(separator: ", ")))")
        }
        let store = ResultStore(connection: try db.connect())
        let summary = try store.reprocess(pipeline: pipeline.name, version: pipeline.version, type: type,
                                          since: since.flatMap(ISO8601DateFormatter.date))
        for id in summary.submitted { print(id) }
        printError("docket: submitted \(summary.submitted.count) document(s) under \(pipeline.name) version \(pipeline.version); "
                   + "\(summary.upToDate) already processed under this version; \(summary.purged) without content (purged)")
    }
}

struct ExportLabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-labels",
        abstract: "Write reviewed documents and their corrected fields as a training folder: files plus labels.jsonl.",
        discussion: """
            Each line of labels.jsonl is {"file", "doc_type", "fields"}, the form `docket train` reads. \
            Files are named <first 12 hex digits of the SHA-256>-<original name>. A document whose content \
            was purged is listed in labels.jsonl without a file and counted on stderr.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Folder to write (created when missing).") var out: String

    func run() throws {
        let folder = DocketPaths.absolute(out)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let documents = try ResultStore(connection: try db.connect()).reviewed(withContent: true)
        var lines: [String] = [], missing = 0
        for document in documents {
            let hex = document.sha256.prefix(6).map { String(format: "%02x", $0) }.joined()
            let safeName = document.fileName.replacingOccurrences(of: "/", with: "_")
            let name = "\(hex)-\(safeName)"
            if let content = document.content {
                try content.write(to: URL(fileURLWithPath: folder + "/" + name))
            } else {
                missing += 1
            }
            lines.append(encodeLine(.object([("file", .string(name)), ("doc_type", .string(document.docType)), ("fields", document.fields)])))
        }
        try (lines.map { $0 + "\n" }.joined()).write(toFile: folder + "/labels.jsonl", atomically: true, encoding: .utf8)
        printError("docket: wrote \(documents.count) reviewed document(s) to \(folder)/labels.jsonl" + (missing > 0 ? " (\(missing) without content: purged)" : ""))
    }
}

extension ISO8601DateFormatter {
    /// A calendar date `YYYY-MM-DD` at midnight UTC.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
