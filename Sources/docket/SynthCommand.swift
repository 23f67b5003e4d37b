import ArgumentParser
import Foundation
import DocketSupport
import Synth

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write generated sample documents (every XML standard Docket maps, a text PDF, a scan, an image) with their labels.",
        discussion: """
            The documents describe invented companies and patients; the same --seed gives the same files. \
            Labels go to --labels (default: a labels.jsonl beside the folder, <DIR>.labels.jsonl, so the \
            folder itself can serve as an inbox), one JSON object per line: file, doc_type, fields. \
            Rendering many PDF layouts for training is not built yet: only one PDF layout is written.
            """)
    @Option(help: "Folder to write (created when missing).") var out: String
    @Option(help: "How many XML documents.") var count = 24
    @Option(help: "Seed of the generator.") var seed: UInt64 = 7
    @Option(help: ArgumentHelp("Where the labels go.", valueName: "file")) var labels: String?

    func validate() throws {
        guard (0...1_000_000).contains(count) else { throw ValidationError("--count must be between 0 and 1000000") }
    }

    func run() throws {
        let folder = (out as NSString).standardizingPath
        let written = try SampleInbox.write(to: folder, count: count, seed: seed)
        let labelPath = labels ?? folder + ".labels.jsonl"
        let lines = written.map { label -> String in
            encodeLine(.object([("file", .string(label.file)), ("doc_type", .string(label.docType)),
                                ("fields", .object(label.fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: labelPath, atomically: true, encoding: .utf8)
        printError("docket synth: wrote \(count + 3) documents to \(folder) and \(written.count) labels to \(labelPath)")
    }
}
