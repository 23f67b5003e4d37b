import DocketTestSupport
import Foundation
import Testing
@testable import Parsing

/// 1,000 randomly corrupted variants of fixture PDFs and XMLs. Each must end in a parse or a
/// clean `ParseError`; PDFs go through the isolated child processes, XML runs in this process,
/// so a libxml2 crash would take the test run down with it.
@Suite struct MutationTests {
    /// A fixed seed gives the same 1,000 variants on every run.
    typealias SeededRandom = DocketTestSupport.SeededRandom

    static func mutate(_ data: Data, using random: inout SeededRandom) -> Data {
        var bytes = [UInt8](data)
        switch Int.random(in: 0..<4, using: &random) {
        case 0:  // flip bytes
            for _ in 0..<Int.random(in: 1...20, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 1:  // truncate
            bytes = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &random)))
        case 2:  // cut a chunk out
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...512, using: &random))
            bytes.removeSubrange(start..<end)
        default:  // repeat a chunk
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...256, using: &random))
            bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0..<bytes.count, using: &random))
        }
        return Data(bytes.isEmpty ? [0] : bytes)
    }

    @Test func thousandCorruptedDocumentsEndInAParseOrACleanError() throws {
        let scratch = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try PDFTests.invoice(at: scratch + "/invoice.pdf")
        let corpus = Repository.shared + "/corpus/"
        let pdfs = try [scratch + "/invoice.pdf", corpus + "invoices/mustang_weclapp_re1001.pdf"].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let xmlFolder = Repository.root + "/Tests/Fixtures/xml/"
        let xmls = try FileManager.default.contentsOfDirectory(atPath: xmlFolder).sorted().map { try Data(contentsOf: URL(fileURLWithPath: xmlFolder + $0)) }
            + [try Data(contentsOf: URL(fileURLWithPath: corpus + "bank_statements/camt053_valid_example.xml"))]

        var options = ParserProcessPool.Options(executable: Repository.docketBinary)
        options.size = 2
        options.limits.documentTimeout = 30
        // Most variants of the invoice keep its page of shapes; OCR of it (a second each) is a
        // separate process and has its own test below.
        options.environment = ProcessInfo.processInfo.environment.merging(["DOCKET_OCR": "off"]) { $1 }
        let pool = ParserProcessPool(options: options)
        var random = SeededRandom(state: 20_261_125)
        var outcomes: [String: Int] = [:]
        for index in 0..<1_000 {
            let isPDF = index % 2 == 0
            let source = isPDF ? pdfs[index / 2 % pdfs.count] : xmls[index / 2 % xmls.count]
            let variant = Self.mutate(source, using: &random)
            do {
                _ = try DocumentParser.parse(variant, fileName: isPDF ? "m.pdf" : "m.xml", isolatingPDFsIn: pool)
                outcomes["parsed", default: 0] += 1
            } catch let error as ParseError {
                outcomes[error.code, default: 0] += 1
                if error.kind == .crashed, let dir = ProcessInfo.processInfo.environment["DOCKET_KEEP_CRASHERS"] {
                    try? variant.write(to: URL(fileURLWithPath: "\(dir)/crash-\(index).pdf"))
                }
            } catch {
                Issue.record("variant \(index) ended in a non-ParseError: \(error)")
            }
        }
        #expect(outcomes.values.reduce(0, +) == 1_000)
        #expect(outcomes["parsed", default: 0] > 0, "\(outcomes)")
        #expect(outcomes["internal"] == nil, "\(outcomes)")
        print("mutation outcomes: \(outcomes.sorted { $0.key < $1.key })")
    }

    /// Damaged pictures reach tesseract and pdftoppm: each still ends in a parse or a clean error.
    @Test func corruptedImagesEndInAParseOrACleanError() throws {
        let scratch = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try OCRTests.scannedInvoice(at: scratch + "/scan.png", output: .png(dpi: 60))
        try OCRTests.scannedInvoice(at: scratch + "/scan.pdf", output: .scan(dpi: 60))
        let sources = try ["scan.png", "scan.pdf"].map { try Data(contentsOf: URL(fileURLWithPath: scratch + "/" + $0)) }
        var options = ParserProcessPool.Options(executable: Repository.docketBinary)
        options.limits.documentTimeout = 60
        let pool = ParserProcessPool(options: options)
        var random = SeededRandom(state: 20_261_205)
        var outcomes: [String: Int] = [:]
        for index in 0..<30 {
            let variant = Self.mutate(sources[index % 2], using: &random)
            do {
                _ = try DocumentParser.parse(variant, fileName: index % 2 == 0 ? "m.png" : "m.pdf", isolatingPDFsIn: pool)
                outcomes["parsed", default: 0] += 1
            } catch let error as ParseError {
                outcomes[error.code, default: 0] += 1
            }
        }
        #expect(outcomes["parsed", default: 0] > 0 && outcomes["corrupt", default: 0] > 0, "\(outcomes)")
        #expect(outcomes["internal"] == nil && outcomes["crashed"] == nil, "\(outcomes)")
        print("image mutation outcomes: \(outcomes.sorted { $0.key < $1.key })")
    }
}
