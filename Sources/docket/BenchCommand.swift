import ArgumentParser
import Bench
import Inference
import DocketSupport
import Foundation
import Postgres

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Docket against anchors taken in the same run.",
        subcommands: [QueueBench.self, ParseBench.self, InferBench.self, EndToEndBench.self])

    struct InferBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "infer",
            abstract: "Encoder tokens/s and GFLOP/s, packed GEMM GFLOP/s, and this machine's FP32 FMA peak measured in the same run.")
        @OptionGroup var modelOptions: ModelOptions
        @Option(help: "Threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "Sequences per batch.") var batch = 64
        @Option(help: "Tokens per sequence.") var seq = 128
        @Flag(help: "Print one JSON object per weight format.") var json = false

        struct Report: Codable {
            var format: String
            var threads: Int
            var tokens_per_s: Double
            var gflops: Double
            var peak_gflops: Double
            var fraction_of_peak: Double
            var gemm_gflops: Double
            /// Size of the GGUF the format was loaded from (0 for the F32 folder).
            var file_bytes: Int
        }

        @Option(help: "Weight formats to measure: f32 from the folder, the others written to a temporary GGUF first.")
        var formats = "f32,f16,q8_0"

        func run() throws {
            let peakCore = Peak.fmaGFLOPS()
            let peak = peakCore * Double(threads)
            if peakCore < 95 { printError("docket: warning: one core measured \(Int(peakCore)) GFLOP/s of FP32 FMA, under 95; the machine may be busy, so the peak is suspect") }
            let gemm = Peak.gemmGFLOPS(m: 768, k: 384, n: 1536, threads: threads)
            let folder = try modelOptions.folder()
            let known: [String: GGMLType] = ["f16": .f16, "q8_0": .q8_0, "q4_0": .q4_0]
            var reports: [Report] = []
            for format in formats.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                var path = folder
                var fileBytes = 0
                if format != "f32" {
                    guard let type = known[format], !folder.lowercased().hasSuffix(".gguf") else {
                        throw ValidationError("--formats takes f32, f16, q8_0 and q4_0, with a Hugging Face folder as --model")
                    }
                    path = NSTemporaryDirectory() + "docket-bench-\(getpid())-\(format).gguf"
                    fileBytes = try BertEncoder.quantize(folder: folder, to: path, type: type).bytes
                }
                defer { if path != folder { try? FileManager.default.removeItem(atPath: path) } }
                let encoder = try BertEncoder(folder: path)
                // Real tokens only: `seq` tokens per sequence, [CLS] … [SEP], ordinary word pieces.
                let body = (0..<(seq - 2)).map { Int32(2000 + $0 % 5000) }
                let sequences = (0..<batch).map { _ in [encoder.tokenizer.clsID] + body + [encoder.tokenizer.sepID] }
                _ = encoder.embed(batch: Array(sequences.prefix(2)), threads: threads)
                var runs = 0
                let start = Date()
                repeat {
                    _ = encoder.embed(batch: sequences, threads: threads)
                    runs += 1
                } while Date().timeIntervalSince(start) < 3
                let elapsed = Date().timeIntervalSince(start)
                let tokens = Double(runs * batch * seq)
                let flops = tokens * encoder.flopsPerToken(sequenceLength: seq)
                reports.append(Report(format: format, threads: threads, tokens_per_s: tokens / elapsed, gflops: flops / elapsed / 1e9,
                                      peak_gflops: peak, fraction_of_peak: flops / elapsed / 1e9 / peak, gemm_gflops: gemm,
                                      file_bytes: fileBytes))
            }
            if json { for report in reports { try printJSON(report) }; return }
            // Printed in the table only, so measured only for it.
            let oneRow = try [WeightMatrix.Format.f32, .q8_0, .q4_0].map { ($0, try Peak.oneRowGFLOPS(format: $0, threads: threads)) }
            print("inference benchmark: all-MiniLM-L6-v2, \(batch) x \(seq) tokens, \(threads) thread(s)")
            print(String(format: "  FP32 FMA peak (measured)   %8.1f GFLOP/s (%.1f per core)", peak, peakCore))
            print(String(format: "  packed GEMM 768x384x1536   %8.1f GFLOP/s (%.0f%% of peak)", gemm, gemm / peak * 100))
            print("  one row x 384x1536        " + oneRow.map { String(format: " %@ %.1f", $0.0.rawValue.uppercased() as NSString, $0.1) }.joined(separator: ",")
                  + " GFLOP/s (Q8_0/Q4_0: integer dot products, F32: packed GEMM)")
            for report in reports {
                let size = report.file_bytes > 0 ? String(format: ", file %.1f MB", Double(report.file_bytes) / 1e6) : ""
                print(String(format: "  encoder, %-5@             %8.0f tokens/s, %.1f GFLOP/s (%.0f%% of peak)%@", report.format.uppercased() as NSString,
                             report.tokens_per_s, report.gflops, report.fraction_of_peak * 100, size as NSString))
            }
            if reports.contains(where: { $0.format != "f32" }) {
                print("  (weights stay in their stored format in memory; the GEMM dequantizes each panel as it packs it)")
            }
        }
    }

    struct ParseBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse",
            abstract: "PDF pages/s and XML MB/s on one core, against pdftotext, xmllint and (if installed) PyMuPDF on the same files.")
        @Argument(help: "A folder of PDF and XML files (searched recursively).") var folder: String
        @Option(help: "Seconds each measurement runs at least, in each of three rounds.") var seconds: Double = 2
        @Flag(help: "Print one JSON object instead of a table.") var json = false

        func run() throws {
            let report = try ParseBenchmark(folder: folder, minimumSeconds: seconds,
                                            progress: { if !json { printError("  \($0)") } }).run()
            if json { return try printJSON(report) }
            func rate(_ value: Double?, _ unit: String) -> String { value.map { String(format: "%10.1f %@", $0, unit) } ?? "   (not measured: not installed, or it failed)" }
            print("parse benchmark: \(report.pdf_files) PDFs (\(report.pdf_pages) pages), \(report.xml_files) XML files, one core")
            if report.pdf_files > 0 {
                print("  Docket PDF, in-process        \(rate(report.pdf_pages_per_s, "pages/s"))")
                print("  Docket PDF, isolated child    \(rate(report.isolated_pdf_pages_per_s, "pages/s"))  (overhead \(String(format: "%.0f", report.isolation_overhead * 100))%)")
                print("  pdftotext, one process a file \(rate(report.pdftotext_pages_per_s, "pages/s"))")
                print("  PyMuPDF get_text(\"words\")     \(rate(report.pymupdf_pages_per_s, "pages/s"))")
                if report.large_pdf_files > 0 {
                    print("  \(report.large_pdf_files) PDFs of \(ParseBenchmark.largePages)+ pages (\(report.large_pdf_pages) pages):")
                    print("    Docket PDF, in-process      \(rate(report.large_pdf_pages_per_s, "pages/s"))")
                    print("    pdftotext per file          \(rate(report.pdftotext_large_pages_per_s, "pages/s"))")
                }
            }
            if report.xml_files > 0 {
                print("  Docket XML + recognizers      \(rate(report.xml_mb_per_s, "MB/s"))")
                print("  xmllint --noout               \(rate(report.xmllint_mb_per_s, "MB/s"))")
            }
            if let r = report.pdf_vs_pdftotext { print(String(format: "  ratio PDF / pdftotext          %10.2f", r)) }
            if let r = report.pdf_vs_pymupdf { print(String(format: "  ratio PDF / PyMuPDF            %10.2f", r)) }
            if let r = report.pymupdf_vs_pdftotext { print(String(format: "  ratio PyMuPDF / pdftotext      %10.2f", r)) }
            if let r = report.xml_vs_xmllint { print(String(format: "  ratio XML / xmllint            %10.2f", r)) }
        }
    }

    struct QueueBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: "Enqueue rate, claim→complete rate of no-op jobs with full bookkeeping, and the bare SKIP LOCKED ceiling, in a scratch database.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var migrationOptions: MigrationsOptions
        @Option(help: "Jobs per phase. Fewer than ~50,000 finish in well under a second per phase, too short to time on a busy box.") var jobs = 100_000
        @Option(help: "Connections (claim loops) draining at once.") var workers = 4
        @Option(help: "Jobs claimed and completed per transaction.") var batch = 100
        @Option(help: "Connections the bulk enqueue uses (as docket enqueue --connections).") var enqueueConnections = 2
        @Option(help: "Rounds in which enqueue, the Docket drain and the bare drain take turns; the best of each counts.") var rounds = 3
        @Flag(help: "Print one JSON object instead of a table.") var json = false

        func validate() throws {
            guard jobs >= 100, workers > 0, batch > 0, enqueueConnections > 0 else { throw ValidationError("--jobs must be at least 100; --workers and --batch positive") }
            guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 20") }
        }

        func run() throws {
            let url = try db.serverURL()
            var options = QueueBenchmark.Options()
            options.jobs = jobs
            options.workers = workers
            options.batch = batch
            options.enqueueConnections = enqueueConnections
            options.rounds = rounds
            let migrations = try ResourceLocator().locate(.migrations, explicit: migrationOptions.migrations)
            let report = try QueueBenchmark(options: options, serverURL: url, migrations: migrations,
                                            progress: { if !json { printError("  \($0)") } }).run()
            if json { return try printJSON(report) }
            print("queue benchmark: \(jobs) jobs, \(workers) connections, batch \(batch), best of \(rounds) round(s)")
            print(String(format: "  enqueue (one submit per transaction)   %10.0f rows/s", report.enqueue_single_rows_per_s))
            print(String(format: "  enqueue (batches of 1,000, 1 conn.)    %10.0f rows/s", report.enqueue_one_connection_rows_per_s))
            print(String(format: "  enqueue (batches of 1,000, %d conn.)    %10.0f rows/s  (docket enqueue of many files)", report.enqueue_connections, report.enqueue_jobs_per_s))
            print(String(format: "  claim+complete, Docket bookkeeping     %10.0f jobs/s", report.claim_complete_jobs_per_s))
            print(String(format: "  claim+complete, bare SKIP LOCKED       %10.0f jobs/s", report.raw_claim_complete_jobs_per_s))
            print(String(format: "  ratio Docket / bare                    %10.2f", report.ratio))
            print(String(format: "  ratio within a round, median           %10.2f", report.median_round_ratio))
        }
    }
}

struct EndToEndBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Documents/s through the whole path (queue, parse, extract, write results) on a generated mix of every XML standard, in a scratch database.")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var migrationOptions: MigrationsOptions
    @OptionGroup var pipelineOptions: PipelineOptions
    @Option(help: "Documents to process.") var documents = 2_000
    @Flag(help: "Generated one-page PDFs (encoder and heads in the loop) instead of XML standards.") var pdfs = false
    @Option(help: "Worker loops.") var concurrency = 2
    @Option(help: "Jobs per claim.") var batch = 10
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        guard documents >= 12, concurrency > 0, batch > 0 else { throw ValidationError("--documents must be at least 12; --concurrency and --batch positive") }
    }

    func run() throws {
        let url = try db.serverURL()
        var options = EndToEndBenchmark.Options()
        options.documents = documents
        options.concurrency = concurrency
        options.batch = batch
        options.pdfs = pdfs
        let migrations = try ResourceLocator().locate(.migrations, explicit: migrationOptions.migrations)
        let pipelineOptions = self.pipelineOptions
        let report = try EndToEndBenchmark(options: options, serverURL: url, migrations: migrations,
                                           prepare: { try pipelineHandlerFactory(pipelineOptions, registerOn: $0).makeHandler },
                                           progress: { if !json { printError("  \($0)") } }).run()
        if json { return try printJSON(report) }
        print("end-to-end benchmark: \(report.documents) generated \(pdfs ? "one-page PDFs (13 types, held-out layouts)" : "XML documents (12 standards)"), \(concurrency) loop(s), batch \(batch)")
        print(String(format: "  submit (client side)          %8.0f documents/s", report.submit_docs_per_s))
        print(String(format: "  claim → parse → extract → write %6.0f documents/s (%.0f results/s)", report.docs_per_s, report.results_per_s))
        print(String(format: "  mean parse / extract          %8.2f / %.2f ms per document", report.mean_parse_ms, report.mean_extract_ms))
        print("  encoder tokens per document   \(Int(report.encoder_tokens_per_doc))\(pdfs ? "" : " (XML standards need no model)")")
        print("  succeeded \(report.succeeded), dead \(report.dead)")
    }
}

/// One JSON object on one line, keys sorted, for `--json` output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
