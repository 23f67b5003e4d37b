import ArgumentParser
import DocketSupport
import Foundation
import Parsing

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse files and print what Docket reads from them: one JSON object per line, or plain text.",
        discussion: """
            JSON output has format, metadata, pages (words with boxes for PDFs and images), text, and for XML the \
            recognized standard (hl7-cda, fhir, iso20022, ubl, cii, xbrl or generic). A file that fails \
            prints {"file": …, "error": {"code": …, "message": …}}; the others still run and the exit \
            status is 1 at the end. PDF pages without a text layer and JPEG, PNG and TIFF images are read by OCR \
            (tesseract; DOCKET_OCR=off turns it off, DOCKET_OCR_LANGUAGES=eng+deu picks its models). Error codes: \(ParseError.Code.allCases.map(\.rawValue).joined(separator: ", ")).
            """)
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

    @Argument(help: "Files to parse.") var files: [String]
    @Option(help: "json (one object per line) or text (the plain text only).") var format: OutputFormat = .json
    @Flag(help: "Parse PDFs and images in this process instead of an isolated child process (faster to start, no crash protection).")
    var inProcess = false

    func run() throws {
        var failed = false
        let pool = inProcess ? nil : ParserProcessPool(options: .init(executable: ResourceLocator.currentExecutablePath()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        for file in files {
            do {
                let data = try readFile(file)
                let document = try DocumentParser.parse(data, fileName: (file as NSString).lastPathComponent, isolatingPDFsIn: pool)
                switch format {
                case .text: print(document.text)
                case .json:
                    let body = String(decoding: try encoder.encode(document), as: UTF8.self)
                    print("{\"file\":\(jsonString(file)),\(body.dropFirst())")
                }
            } catch let error as ParseError {
                failed = true
                report(file, code: error.code, message: error.message, retryable: error.retryable)
            } catch {
                failed = true
                report(file, code: "unreadable", message: "cannot read \(file): \((error as NSError).localizedFailureReason ?? "\(error)")", retryable: false)
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func readFile(_ path: String) throws -> Data {
        let limit = ParseLimits().maxBytes
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        // Refuse oversized files before reading them into memory.
        guard size <= limit else { throw ParseError(.tooLarge, "the file is \(size) bytes, over the \(limit)-byte limit") }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    private func report(_ file: String, code: String, message: String, retryable: Bool) {
        if format == .json {
            print("{\"file\":\(jsonString(file)),\"error\":{\"code\":\(jsonString(code)),\"message\":\(jsonString(message)),\"retryable\":\(retryable)}}")
        }
        printError("docket: \(file): [\(code)] \(message)")
    }
}

func jsonString(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
}

/// The child side of `ParserProcessPool`; not for people.
struct ParseServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse-server", abstract: "", shouldDisplay: false)
    @Option var memoryLimit: Int = 2 << 30

    func run() throws {
        ParserServer.run(memoryLimit: memoryLimit)
    }
}
