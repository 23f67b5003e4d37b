import DocketSupport
import Foundation
import Parsing

/// `docket bench parse DIR`: Docket's parsers on one core against anchors run on the same files
/// in the same run: `pdftotext` (a process per file, as people use it), `xmllint --noout` (one
/// process over all files), PyMuPDF's `get_text("words")` when it is installed, and the cost
/// of parsing PDFs in isolated child processes instead of in-process.
public struct ParseBenchmark {
    public struct Report: Codable, Sendable {
        public var pdf_files: Int
        public var pdf_pages: Int
        public var pdf_pages_per_s: Double
        public var pdf_mb_per_s: Double
        public var isolated_pdf_pages_per_s: Double
        public var isolation_overhead: Double
        public var pdftotext_pages_per_s: Double?
        public var pymupdf_pages_per_s: Double?
        public var xml_files: Int
        public var xml_mb_per_s: Double
        public var xmllint_mb_per_s: Double?
        public var pdf_vs_pdftotext: Double?
        /// Docket in-process against PyMuPDF, and PyMuPDF against pdftotext: how far the
        /// fastest in-process peer itself gets past the per-file anchor on these files.
        public var pdf_vs_pymupdf: Double?
        public var pymupdf_vs_pdftotext: Double?
        public var xml_vs_xmllint: Double?
        /// The same comparison on the PDFs of `largePages` pages or more only, where pdftotext's
        /// process start is a small share: like with like for long statements and reports.
        public var large_pdf_files: Int = 0
        public var large_pdf_pages: Int = 0
        public var large_pdf_pages_per_s: Double?
        public var pdftotext_large_pages_per_s: Double?
    }

    /// Pages from which a PDF counts as large.
    public static let largePages = 8

    let folder: String
    let minimumSeconds: Double
    let progress: (String) -> Void

    public init(folder: String, minimumSeconds: Double = 2, progress: @escaping (String) -> Void) {
        self.folder = folder
        self.minimumSeconds = minimumSeconds
        self.progress = progress
    }

    public func run() throws -> Report {
        let files = try collect()
        let pdfs = files.filter { $0.format == .pdf }
        let xmls = files.filter { $0.format == .xml }
        guard !pdfs.isEmpty || !xmls.isEmpty else {
            throw SupportError(code: "nothing_to_measure", message: "\(folder) holds no PDF or XML files")
        }
        var report = Report(pdf_files: pdfs.count, pdf_pages: 0, pdf_pages_per_s: 0, pdf_mb_per_s: 0,
                            isolated_pdf_pages_per_s: 0, isolation_overhead: 0, xml_files: xmls.count, xml_mb_per_s: 0)
        if !pdfs.isEmpty { try measurePDFs(pdfs, into: &report) }
        if !xmls.isEmpty { measureXML(xmls, into: &report) }
        return report
    }

    private func measurePDFs(_ pdfs: [Sample], into report: inout Report) throws {
        let pagesOf = try pdfs.map { try DocumentParser.parse($0.data, fileName: $0.path).metadata.pageCount }
        let pages = pagesOf.reduce(0, +)
        let bytes = pdfs.map(\.data.count).reduce(0, +)
        var options = ParserProcessPool.Options(executable: ResourceLocator.currentExecutablePath())
        options.size = 1
        let pool = ParserProcessPool(options: options)
        _ = try? pool.parse(pdfs[0].data, fileName: pdfs[0].path)  // start the child outside the timing
        let pdftotext = ProcessRunner.which("pdftotext")
        // Three rounds in which every reader takes its turn; the best round of each counts, as
        // for XML. Single passes moved by a tenth or more from one run to the next (in-process
        // 233 and 207 pages/s on the same files, minutes apart).
        var inProcess = Double.infinity, isolated = Double.infinity
        var anchor: Double?, pyMuPDF: Double?
        func rate(_ seconds: Double?) -> String { seconds.map { String(format: "%.0f", Double(pages) / $0) } ?? "-" }
        for round in 1...3 {
            let docket = inProcessSeconds(pdfs)
            let child = repeatUntil { for f in pdfs { _ = try? pool.parse(f.data, fileName: f.path) } }
            let perFile = pdftotext.map { pdftotextSeconds($0, pdfs) }
            let peer = pyMuPDFSeconds(pdfs.map(\.path))
            progress("round \(round): Docket \(rate(docket)) pages/s in-process, \(rate(child)) isolated; pdftotext \(rate(perFile)); PyMuPDF \(rate(peer))")
            (inProcess, isolated) = (min(inProcess, docket), min(isolated, child))
            if let perFile { anchor = min(anchor ?? .infinity, perFile) }
            if let peer { pyMuPDF = min(pyMuPDF ?? .infinity, peer) }
        }
        report.pdf_pages = pages
        report.pdf_pages_per_s = Double(pages) / inProcess
        report.pdf_mb_per_s = Double(bytes) / 1e6 / inProcess
        report.isolated_pdf_pages_per_s = Double(pages) / isolated
        report.isolation_overhead = isolated / inProcess - 1
        if let anchor {
            report.pdftotext_pages_per_s = Double(pages) / anchor
            report.pdf_vs_pdftotext = anchor / inProcess
        }
        if let pyMuPDF {
            report.pymupdf_pages_per_s = Double(pages) / pyMuPDF
            report.pdf_vs_pymupdf = pyMuPDF / inProcess
            if let anchor { report.pymupdf_vs_pdftotext = anchor / pyMuPDF }
        }
        let large = zip(pdfs, pagesOf).filter { $0.1 >= Self.largePages }
        if !large.isEmpty, let tool = pdftotext {
            let largePages = large.map(\.1).reduce(0, +)
            let docket = inProcessSeconds(large.map(\.0))
            let anchor = pdftotextSeconds(tool, large.map(\.0))
            (report.large_pdf_files, report.large_pdf_pages) = (large.count, largePages)
            report.large_pdf_pages_per_s = Double(largePages) / docket
            report.pdftotext_large_pages_per_s = Double(largePages) / anchor
            progress(String(format: "%d PDFs of %d+ pages: Docket %.0f pages/s, pdftotext %.0f", large.count, Self.largePages,
                            Double(largePages) / docket, Double(largePages) / anchor))
        }
    }

    /// Docket and xmllint take turns, three rounds of each, and the best round of each counts.
    /// Both are timed in CPU seconds (getrusage of this process, and of the waited xmllint
    /// children): this is a one-core figure, and on this shared box wall time swung ±20% with
    /// time the virtual machine was not running at all.
    private func measureXML(_ xmls: [Sample], into report: inout Report) {
        let megabytes = Double(xmls.map(\.data.count).reduce(0, +)) / 1e6
        var docketBest = Double.infinity, lintBest: Double? = nil
        for _ in 0..<3 {
            let before = Self.cpuSeconds(RUSAGE_SELF)
            var passes = 0
            let start = Date()
            repeat {
                for f in xmls { _ = try? DocumentParser.parse(f.data, fileName: f.path) }
                passes += 1
            } while Date().timeIntervalSince(start) < minimumSeconds
            docketBest = min(docketBest, (Self.cpuSeconds(RUSAGE_SELF) - before) / Double(passes))
            if let lint = xmllintSeconds(xmls.map(\.path)) { lintBest = min(lintBest ?? .infinity, lint) }
        }
        report.xml_mb_per_s = megabytes / docketBest
        progress(String(format: "Docket XML + recognizers: %.1f MB per CPU second (best of 3 rounds)", report.xml_mb_per_s))
        if let lintBest {
            report.xmllint_mb_per_s = megabytes / lintBest
            report.xml_vs_xmllint = lintBest / docketBest
            progress(String(format: "xmllint --noout:          %.1f MB per CPU second (best of 3 rounds)", megabytes / lintBest))
        }
    }

    /// User plus system CPU seconds of this process (`RUSAGE_SELF`) or of its waited children.
    static func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    struct Sample {
        var path: String
        var data: Data
        var format: DetectedFormat
    }

    func collect() throws -> [Sample] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw SupportError(code: "missing_folder", message: "\(folder) does not exist")
        }
        var samples: [Sample] = []
        while let relative = walker.nextObject() as? String {
            let path = (folder as NSString).appendingPathComponent(relative)
            guard walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            let format = FormatDetector.detect(data, fileName: relative)
            if format == .pdf || format == .xml { samples.append(Sample(path: path, data: data, format: format)) }
        }
        return samples.sorted { $0.path < $1.path }
    }

    /// Seconds per pass of Docket's parser, in this process, over the files.
    func inProcessSeconds(_ files: [Sample]) -> Double {
        repeatUntil { for f in files { _ = try? DocumentParser.parse(f.data, fileName: f.path) } }
    }

    /// Seconds per pass of `pdftotext`, one process per file, over the files.
    func pdftotextSeconds(_ tool: String, _ files: [Sample]) -> Double {
        repeatUntil { for f in files { _ = try? ProcessRunner.run(tool, ["-q", f.path, "/dev/null"]) } }
    }

    /// Seconds per pass, repeating the pass until `minimumSeconds` have gone by.
    func repeatUntil(_ pass: () -> Void) -> Double {
        var passes = 0
        let start = Date()
        repeat {
            pass()
            passes += 1
        } while Date().timeIntervalSince(start) < minimumSeconds
        return Date().timeIntervalSince(start) / Double(passes)
    }

    /// CPU seconds xmllint takes per pass over all files. Each process is given the list several
    /// times so start-up is a small share; the list stays under 256 KB of arguments (the kernel
    /// refuses a few MB), and the process is run again until `minimumSeconds` have gone by.
    func xmllintSeconds(_ paths: [String]) -> Double? {
        guard let tool = ProcessRunner.which("xmllint"), !paths.isEmpty else { return nil }
        let listBytes = paths.reduce(0) { $0 + $1.utf8.count + 9 }
        let copies = max(1, min(4096, (256 << 10) / max(1, listBytes)))
        let list = Array(repeating: paths, count: copies).flatMap { $0 }
        var runs = 0
        let start = Date()
        let before = Self.cpuSeconds(RUSAGE_CHILDREN)
        repeat {
            guard (try? ProcessRunner.run(tool, ["--noout", "--nonet"] + list)) != nil else { return nil }
            runs += 1
        } while Date().timeIntervalSince(start) < minimumSeconds
        return (Self.cpuSeconds(RUSAGE_CHILDREN) - before) / Double(runs * copies)
    }

    /// PyMuPDF in one Python process, if `import fitz` works; its own clock excludes start-up.
    func pyMuPDFSeconds(_ paths: [String]) -> Double? {
        guard let python = ProcessRunner.which("python3") else { return nil }
        let script = """
            import sys, time, fitz
            paths = sys.argv[2:]; minimum = float(sys.argv[1])
            passes = 0; start = time.perf_counter()
            while True:
                for p in paths:
                    with fitz.open(p) as d:
                        for page in d: page.get_text("words")
                passes += 1
                if time.perf_counter() - start >= minimum: break
            print((time.perf_counter() - start) / passes)
            """
        guard let output = try? ProcessRunner.run(python, ["-c", script, String(minimumSeconds)] + paths), output.succeeded else { return nil }
        return Double(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
