import ArgumentParser
import DocketSupport
import Foundation
import Parsing
import Synth

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write generated documents with their labels: XML in every mapped standard, and PDFs of unstructured documents for training.",
        discussion: """
            The documents describe invented companies and patients; the same --seed gives the same files. \
            --count XML documents (plus a text PDF, a scanned invoice, a page of shapes and a damaged image that show the outcomes of other \
            inputs) make a sample inbox; --pdfs N adds N PDFs of invoices, receipts, bank statements, lab \
            reports, claims, EOBs, prescriptions, tax forms and letters in several layout families, \
            languages, fonts, date and number formats. --held-out draws those PDFs from a layout family, \
            label wordings and languages (French, Dutch) that training PDFs never use, for docket eval. \
            Labels go to --labels (default DIR/labels.jsonl), one {"file", "doc_type", "fields"} per line. \
            Half the PDFs come from cairo, half from Docket's own plain writer (standard fonts, words \
            placed one by one and split by kerning), so their text layers differ as real ones do.
            """)
    @Option(help: "Folder to write (created when missing).") var out: String
    @Option(help: "How many XML documents (and, when above 0, the four inbox extras).") var count = 24
    @Option(help: "How many generated PDFs of unstructured documents.") var pdfs = 0
    @Flag(help: "Generate the PDFs from the held-out layout family, wordings and languages.") var heldOut = false
    @Option(help: "Seed of the generator.") var seed: UInt64 = 7
    @Option(help: ArgumentHelp("Where the labels go (default: DIR/labels.jsonl).", valueName: "file")) var labels: String?

    func validate() throws {
        guard (0...1_000_000).contains(count), (0...100_000).contains(pdfs) else {
            throw ValidationError("--count must be 0…1000000 and --pdfs 0…100000")
        }
    }

    func run() throws {
        let folder = (out as NSString).standardizingPath
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lines: [String] = []
        func line(_ file: String, _ type: String, _ fields: [String: String], extra: [(String, JSONValue)] = []) -> String {
            encodeLine(.object([("file", .string(file)), ("doc_type", .string(type)),
                                ("fields", .object(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))] + extra))
        }
        if count > 0 {
            for label in try SampleInbox.write(to: folder, count: count, seed: seed) { lines.append(line(label.file, label.docType, label.fields)) }
        }
        for index in 0..<pdfs {
            let label = try FormSamples.write(index, seed: seed, heldOut: heldOut, to: folder)
            lines.append(line(label.file, label.docType, label.fields,
                              extra: [("family", .number(String(label.family))), ("language", .string(label.language))]))
        }
        let labelPath = labels ?? folder + "/labels.jsonl"
        try (lines.map { $0 + "\n" }.joined()).write(toFile: labelPath, atomically: true, encoding: .utf8)
        printError("docket synth: wrote \(lines.count) labelled documents to \(folder) and their labels to \(labelPath)")
    }
}
