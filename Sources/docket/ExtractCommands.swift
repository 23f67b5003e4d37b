import ArgumentParser
import DocketSupport
import Extraction
import Foundation
import Parsing

/// What `docket extract` and `docket classify` both take.
struct LocalRunArguments: ParsableArguments {
    @Argument(help: "Files or folders (recursively).") var files: [String]
    @Flag(help: "One JSON object per line.") var json = false
    @Flag(help: "Ignore the e-invoice XML a PDF carries, so the trained heads read its pages.") var ignoreStructure = false
    @OptionGroup var pipeline: PipelineOptions
}

/// Shared by `docket extract` and `docket classify`: parse each file here (PDFs in an isolated
/// child process), run the pipeline without a database, print one result per line.
struct LocalRun {
    var arguments: LocalRunArguments
    var includeFields: Bool
    /// How many considered values to list per field (`docket extract --explain`).
    var explain = 0
    var json: Bool { arguments.json }

    func run() throws {
        let extractor = try arguments.pipeline.extractor()
        let pool = ParserProcessPool(options: .init(executable: ResourceLocator.currentExecutablePath()))
        var failed = false
        for file in expand(arguments.files) {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                let started = Date()
                var document = try DocumentParser.parse(data, fileName: (file as NSString).lastPathComponent, isolatingPDFsIn: pool)
                if arguments.ignoreStructure && document.format == .pdf { document.standard = nil }
                let parseMS = Date().timeIntervalSince(started) * 1000
                for var result in extractor.extract(document, file: file, explain: explain) {
                    result.timings.insert(("parse", parseMS), at: 0)
                    print(json ? encodeLine(result.json(includeFields: includeFields)) : ResultText.describe(result, fields: includeFields))
                }
            } catch let error as ParseError {
                failed = true
                reportFailure(file, code: error.code, message: error.message)
            } catch {
                failed = true
                reportFailure(file, code: "unreadable", message: "cannot read \(file): \((error as NSError).localizedFailureReason ?? "\(error)")")
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func reportFailure(_ file: String, code: String, message: String) {
        if json {
            print(encodeLine(.object([("file", .string(file)), ("status", .string("failed")),
                                       ("error", .object([("code", .string(code)), ("message", .string(message))]))])))
        }
        printError("docket: \(file): [\(code)] \(message)")
    }
}

/// Files and folders (recursively, sorted, hidden entries skipped) as a flat list of files.
func expand(_ paths: [String]) -> [String] {
    paths.flatMap { path -> [String] in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let entries = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return entries.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
    }
}

func encodeLine(_ value: JSONValue) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Classify files and extract their fields without a database; print one result per document.",
        discussion: """
            The same result `docket process` stores: doc_type, confidence, runner_up, status (ok or \
            needs_review), reasons, decided_by (structure, head, zero_shot or none) and fields, each with \
            value, confidence, page, bbox, source_text and decided_by. Recognized standards (C-CDA, FHIR, \
            ISO 20022, UBL, CII, XBRL, and PDFs carrying an e-invoice) are read exactly; other documents \
            are classified by the trained heads over the encoder's vectors, which also pick each field \
            among the page's candidates (without heads: zero-shot type only, reason no_field_extractor).

            --explain lists, under each field, the values its head scored best (three, or \
            --explain-count), with the \
            head's score and the label the head saw beside each. The score comes before the rest of \
            the decision: a field's confidence also weighs how far its value leads the others, and \
            the joint decisions (amounts that add up, due date not before the invoice date, one \
            field per printed name or date) may pick a lower one. In JSON they are under \
            `considered`. Use it to see why a value was chosen or a field left empty.
            """)
    @OptionGroup var arguments: LocalRunArguments
    @Flag(help: "List the values each field's head scored best, with their scores and labels.") var explain = false
    @Option(help: "How many values --explain lists per field.") var explainCount = 3

    func validate() throws {
        guard explainCount >= 1 else { throw ValidationError("--explain-count must be 1 or more.") }
    }

    func run() throws { try LocalRun(arguments: arguments, includeFields: true, explain: explain ? explainCount : 0).run() }
}

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Decide each file's document type without a database: the result object without fields.")
    @OptionGroup var arguments: LocalRunArguments

    func run() throws { try LocalRun(arguments: arguments, includeFields: false).run() }
}

/// The plain-text form of a result for people.
enum ResultText {
    static func describe(_ result: DocumentResult, fields: Bool) -> String {
        var line = "\(result.file ?? "-")"
        if result.itemIndex > 0 { line += " #\(result.itemIndex)" }
        line += ": \(result.docType) (\(String(format: "%.2f", result.confidence)), \(result.decidedBy.rawValue)) \(result.status.rawValue)"
        if !result.reasons.isEmpty { line += " [\(result.reasons.joined(separator: ", "))]" }
        guard fields else { return line }
        for (name, field) in result.fields {
            line += "\n  \(name): \(plain(field.value))"
        }
        if !result.withheld.isEmpty { line += "\n  withheld (below the review threshold):" }
        for (name, field) in result.withheld {
            line += "\n    \(name): \(plain(field.value)) (" + String(format: "%.2f", field.confidence) + ")"
        }
        if !result.considered.isEmpty { line += "\n  considered (head score, label):" }
        for (name, values) in result.considered {
            let listed = values.map { v in
                String(format: "%.2f ", v.score) + "\"\(v.value)\"" + (v.label.isEmpty ? "" : " [\(v.label)]")
            }
            line += "\n    \(name): " + listed.joined(separator: ", ")
        }
        return line
    }

    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let s), .number(let s): return s
        default: return encodeLine(value)
        }
    }
}
