import DocketSupport
import Foundation

/// How pages without a text layer are read: scanned PDFs and image files go through tesseract
/// (Debian's `tesseract-ocr`), PDF pages drawn first by `pdftoppm` (poppler-utils). Both run as
/// their own processes under `timeout`, inside the parser child that already isolates poppler,
/// so a hostile image can fail only its document, and only for as long as `pageTimeout`.
public struct OCROptions: Sendable {
    /// `DOCKET_OCR=off` turns OCR off: scanned pages stay `needs_ocr` and images are refused.
    public var enabled: Bool
    /// Pages of one document read by OCR at most; later scanned pages stay `needs_ocr`.
    public var maxPages = 10
    /// Resolution PDF pages are drawn at: tesseract reads body text best at 300 dpi.
    public var dpi = 300
    /// Seconds one page may take (drawing and reading each).
    public var pageTimeout = 60
    /// Tesseract language codes; `DOCKET_OCR_LANGUAGES` (e.g. `eng+deu`) overrides. By default
    /// the project's four languages, those installed.
    public var languages: String?

    /// This process's settings, read once: `ParseLimits()` is built for every document parsed,
    /// and copying the environment each time would cost more than a small XML file's parse.
    public static let fromEnvironment = OCROptions(environment: ProcessInfo.processInfo.environment)

    public init(environment: [String: String]) {
        enabled = environment["DOCKET_OCR"].map { !["off", "0", "false", "no"].contains($0.lowercased()) } ?? true
        languages = environment["DOCKET_OCR_LANGUAGES"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

enum OCREngine {
    struct Tools {
        var tesseract: String
        var timeout: String
        var languages: String
        /// Absent when poppler-utils is not installed: images still read, scanned PDF pages not.
        var pdftoppm: String?
    }

    /// The tools found on PATH, looked up once per process; nil when tesseract or `timeout` is
    /// missing or no language of ours is installed.
    static let installed: Tools? = {
        guard let tesseract = ProcessRunner.which("tesseract"), let timeout = ProcessRunner.which("timeout"),
              let listed = try? ProcessRunner.run(tesseract, ["--list-langs"]), listed.succeeded else { return nil }
        let available = Set((listed.stdout + listed.stderr).split(whereSeparator: \.isNewline).map(String.init))
        let wanted = ["eng", "deu", "fra", "nld"].filter(available.contains)
        guard !wanted.isEmpty else { return nil }
        return Tools(tesseract: tesseract, timeout: timeout, languages: wanted.joined(separator: "+"), pdftoppm: ProcessRunner.which("pdftoppm"))
    }()

    /// Why OCR cannot run, for a warning or an error message; nil when it can.
    static func unavailable(_ options: OCROptions) -> String? {
        guard options.enabled else { return "OCR is turned off (DOCKET_OCR=off)" }
        guard installed != nil else { return "OCR needs tesseract with an English, German, French or Dutch model (apt-get install tesseract-ocr)" }
        return nil
    }

    /// Reads one image file; `scale` maps its pixel size to points per pixel.
    static func read(imageAt path: String, options: OCROptions, scale: @escaping (Double, Double) -> Double) throws -> TesseractTSV.Reading {
        guard let tools = installed, options.enabled else { throw ParseError(.unsupportedFormat, unavailable(options) ?? "OCR is not available") }
        // One thread: the worker already runs documents side by side, one per core.
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        func reading(_ segmentation: String) throws -> TesseractTSV.Reading {
            let output = try run(tools, [tools.tesseract, path, "stdout", "-l", options.languages ?? tools.languages, "--psm", segmentation, "tsv"],
                                 options: options, environment: environment, what: "reading the image")
            return TesseractTSV.read(output, scale: scale)
        }
        // Tesseract's page analysis (--psm 3) finds columns and can drop one: a till receipt's
        // right-aligned column of prices vanished whole, so its total was never seen. Read as
        // one block of lines (--psm 6) too, and keep that when it holds clearly more digits
        // (TesseractTSV.richer).
        let columns = try reading("3")
        let block = try reading("6")
        return TesseractTSV.richer(columns, than: block)
    }

    /// Draws page `number` of the PDF at `pdfPath` into a grayscale PNG in `directory`; its path.
    static func render(pdfAt pdfPath: String, page number: Int, into directory: String, options: OCROptions) throws -> String {
        guard let tools = installed, let pdftoppm = tools.pdftoppm else {
            throw ParseError(.unsupportedFormat, "reading scanned PDF pages needs pdftoppm (apt-get install poppler-utils)")
        }
        let prefix = "\(directory)/page-\(number)"
        _ = try run(tools, [pdftoppm, "-r", String(options.dpi), "-gray", "-png", "-f", String(number), "-l", String(number),
                            "-singlefile", pdfPath, prefix], options: options, environment: nil, what: "drawing page \(number)")
        return prefix + ".png"
    }

    /// Runs a tool under `timeout`; its standard output, or a parse error that says which step failed.
    private static func run(_ tools: Tools, _ command: [String], options: OCROptions, environment: [String: String]?,
                            what: String) throws -> String {
        let result: ProcessOutput
        do {
            result = try ProcessRunner.run(tools.timeout, ["--kill-after=2", String(options.pageTimeout)] + command, environment: environment)
        } catch {
            throw ParseError(.internalError, "\(what): \(error)")
        }
        if result.status == 124 || result.status == 137 {
            throw ParseError(.timeout, "\(what) took over \(options.pageTimeout) s")
        }
        guard result.succeeded else {
            throw ParseError(.corrupt, "\(what) failed: \(reason(result))")
        }
        return result.stdout
    }
}

extension OCREngine {
    /// The line of a tool's standard error that says what went wrong: tesseract ends every
    /// failure with "Error during processing.", after the reader's own complaint.
    static func reason(_ result: ProcessOutput) -> String {
        let lines = result.stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let specific = lines.first { $0.lowercased().contains("error") && !$0.hasPrefix("Error during processing") }
        return specific ?? lines.last ?? "exit status \(result.status)"
    }
}

/// A private directory for one document's OCR files, removed when it goes away.
final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "docket-ocr.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ParseError(.internalError, "cannot create a temporary directory for OCR: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    func write(_ data: Data, named name: String) throws -> String {
        let file = "\(path)/\(name)"
        do { try data.write(to: URL(fileURLWithPath: file)) } catch {
            throw ParseError(.internalError, "cannot write \(file) for OCR: \(error.localizedDescription)")
        }
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
