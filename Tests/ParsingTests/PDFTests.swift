import DocketSupport
import DocketTestSupport
import Foundation
import Synth
import Testing
@testable import Parsing

/// PDFs the tests render themselves with cairo, plus the real invoices in ../shared/corpus.
@Suite struct PDFTests {
    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "pdf-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A one-page invoice with known positions, sizes and weights, and a second page with no text.
    static func invoice(at path: String) throws {
        let canvas = try PDFCanvas(path: path)
        canvas.setTitle("Invoice INV-1001")
        canvas.text("Harbor Medical Supply", x: 50, y: 60, size: 18, bold: true)
        canvas.text("Invoice number: INV-1001", x: 50, y: 100, size: 10)
        canvas.text("Total due: 1,234.56 EUR", x: 300, y: 700, size: 12, bold: true)
        canvas.newPage()
        canvas.box(x: 50, y: 50, width: 200, height: 100)
        try canvas.finish()
    }

    func parse(_ path: String) throws -> ParsedDocument {
        try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: (path as NSString).lastPathComponent)
    }

    @Test func wordsHaveBoxesFontSizesAndWeight() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/invoice.pdf"
        try Self.invoice(at: path)
        let document = try parse(path)
        #expect(document.format == .pdf)
        #expect(document.metadata.pageCount == 2)
        #expect(document.metadata.title == "Invoice INV-1001")
        #expect(!document.metadata.encrypted)
        let page = document.pages[0]
        #expect(abs(page.width - 595.28) < 0.1 && abs(page.height - 841.89) < 0.1)
        #expect(!page.needsOCR)
        let harbor = try #require(page.words.first { $0.text == "Harbor" })
        #expect(abs(harbor.x0 - 50) < 2, "x from the left edge")
        #expect(harbor.y1 > 50 && harbor.y1 < 66, "box around the baseline at y=60, top-left origin")
        #expect(harbor.fontSize == 18)
        #expect(harbor.bold)
        let number = try #require(page.words.first { $0.text == "INV-1001" })
        #expect(number.fontSize == 10)
        #expect(!number.bold)
        let total = try #require(page.words.first { $0.text == "1,234.56" })
        #expect(total.x0 > 300 && total.y0 > 680)
        #expect(page.text.contains("Invoice number: INV-1001"))
        #expect(document.pages[1].needsOCR, "a page of shapes has no text layer")
        #expect(document.pages[1].words.isEmpty)
    }

    @Test func realZUGFeRDInvoicesExposeTheirEmbeddedXML() throws {
        let corpus = Repository.shared + "/corpus/invoices/"
        let document = try parse(corpus + "mustang_bc_invoice_103767.pdf")
        #expect(document.attachments.map(\.name) == ["factur-x.xml"])
        #expect(document.attachments[0].standard?["name"] == .string("cii"))
        #expect(document.standard?["invoice_number"] == .string("103767"))
        #expect(document.pages[0].words.contains { $0.text == "103767" })
        let legacy = try parse(corpus + "mustang_kraxi_2014-03.pdf")
        #expect(legacy.standard?["message"] == .string("CrossIndustryDocument"))
        #expect(legacy.standard?["tax_inclusive_total"] == .number("1005.55"))
    }

    @Test func damagedAndDisguisedPDFs() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/invoice.pdf"
        try Self.invoice(at: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        // Cut after the header: nothing usable is left.
        do {
            _ = try DocumentParser.parse(whole.prefix(40), fileName: "cut.pdf")
            Issue.record("expected an error")
        } catch let error as ParseError {
            #expect(error.kind == .corrupt)
        }
        var jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0])
        jpeg.append(Data(repeating: 7, count: 100))
        #expect(throws: ParseError.self) { try DocumentParser.parse(jpeg, fileName: "scan.pdf") }
    }

    @Test func tooManyPagesIsRefused() throws {
        let folder = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/long.pdf"
        let canvas = try PDFCanvas(path: path, width: 200, height: 200)
        for page in 1...5_000 {
            canvas.text("page \(page)", x: 10, y: 20, size: 8)
            if page < 5_000 { canvas.newPage() }
        }
        try canvas.finish()
        do {
            _ = try parse(path)
            Issue.record("expected too_many_pages")
        } catch let error as ParseError {
            #expect(error.kind == .tooManyPages)
            #expect(error.message.contains("5000 pages"))
        }
    }

    @Test func encryptedPDFs() throws {
        guard let qpdf = ProcessRunner.which("qpdf") else {
            Issue.record("qpdf is needed for this test; scripts/test.sh installs it")
            return
        }
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.invoice(at: dir + "/plain.pdf")
        // A user password: cannot be opened.
        _ = try ProcessRunner.run(qpdf, ["--encrypt", "secret", "owner", "256", "--", dir + "/plain.pdf", dir + "/locked.pdf"])
        do {
            _ = try parse(dir + "/locked.pdf")
            Issue.record("expected encrypted")
        } catch let error as ParseError {
            #expect(error.kind == .encrypted)
        }
        // Only an owner password: opens with the empty password and is read, flagged encrypted.
        _ = try ProcessRunner.run(qpdf, ["--encrypt", "", "owner", "256", "--", dir + "/plain.pdf", dir + "/restricted.pdf"])
        let restricted = try parse(dir + "/restricted.pdf")
        #expect(restricted.metadata.encrypted)
        #expect(restricted.pages[0].words.contains { $0.text == "INV-1001" })
    }
}

/// The child-process isolation: answers, crashes and hangs.
@Suite struct ParserIsolationTests {
    func pool(_ executable: String, timeout: TimeInterval = 30) -> ParserProcessPool {
        var options = ParserProcessPool.Options(executable: executable)
        options.limits.documentTimeout = timeout
        return ParserProcessPool(options: options)
    }

    /// A pool whose child is `/bin/sh -c script`. The script is not written to a file of its own:
    /// a file just written by this process can fail to run with ETXTBSY while another test's
    /// process start still holds the writing descriptor, which failed this suite in CI.
    func shellPool(_ script: String, timeout: TimeInterval = 30) -> ParserProcessPool {
        var options = ParserProcessPool.Options(executable: "/bin/sh")
        options.arguments = ["-c", script]
        options.limits.documentTimeout = timeout
        return ParserProcessPool(options: options)
    }

    @Test func childProcessesParseAndAreReused() throws {
        let dir = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PDFTests.invoice(at: dir + "/a.pdf")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.pdf"))
        let workers = pool(Repository.docketBinary)
        for _ in 0..<5 {
            let document = try DocumentParser.parse(data, fileName: "a.pdf", isolatingPDFsIn: workers)
            #expect(document.pages[0].words.contains { $0.text == "INV-1001" })
        }
        // Errors cross the process boundary with their code.
        #expect(throws: ParseError.self) { try workers.parse(data.prefix(40), fileName: "cut.pdf") }
        #expect(try workers.parse(data, fileName: "a.pdf").metadata.pageCount == 2, "the child survives a bad file")
    }

    @Test func aCrashingParserFailsOnlyThatDocument() throws {
        do {
            _ = try shellPool("kill -SEGV $$").parse(Data("%PDF-1.4".utf8), fileName: "x.pdf")
            Issue.record("expected crashed")
        } catch let error as ParseError {
            #expect(error.kind == .crashed, "\(error.message)")
        }
    }

    @Test func aHangingParserIsStoppedAtTheTimeLimit() throws {
        let started = Date()
        do {
            _ = try shellPool("exec sleep 60", timeout: 1).parse(Data("%PDF-1.4".utf8), fileName: "x.pdf")
            Issue.record("expected timeout")
        } catch let error as ParseError {
            #expect(error.kind == .timeout, "\(error.message)")
            #expect(error.retryable)
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }
}

@Suite struct PDFWordGapTests {
    /// cairo places separately drawn strings without a space character; poppler reports them run
    /// together, and the parser must split them again at the gap.
    @Test func wordsDrawnApartWithoutASpaceStaySeparate() throws {
        let path = NSTemporaryDirectory() + "docket-gap-\(UUID().uuidString.prefix(6)).pdf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let canvas = try PDFCanvas(path: path)
        canvas.text("Subtotal", x: 50, y: 100)
        canvas.text("1,234.50", x: 300, y: 100)
        canvas.text("Kerned", x: 50, y: 130)
        try canvas.finish()
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: "gap.pdf")
        #expect(Set(document.pages[0].words.map(\.text)) == ["Subtotal", "1,234.50", "Kerned"])
        // The page's text says what its words say.
        let tokens = document.pages[0].text.split(whereSeparator: \.isWhitespace).map(String.init)
        #expect(tokens.contains("Subtotal") && tokens.contains("1,234.50"), "\(document.pages[0].text)")
        #expect(PDFParser.spaced("100,004,90\nab", before: [6, 11]) == "100,00 4,90\n ab")
        #expect(PDFParser.spaced("éa", before: [1]) == "é a", "indices count Unicode scalars, as poppler's boxes do")
    }
}

@Suite struct PlainPDFWriterTests {
    /// Docket's second producer: words placed one by one and split by kerning inside a TJ array
    /// must read back whole, in WinAnsi, with the bold font recognized.
    @Test func itsTextLayerReadsBackWordForWord() throws {
        let path = NSTemporaryDirectory() + "docket-plain-\(UUID().uuidString.prefix(6)).pdf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let page = PlainPDFWriter(path: path, family: "Helvetica")
        page.text("Rechnungsbetrag", x: 50, y: 100, size: 10, bold: true)
        page.text("1.234,56 €", x: 300, y: 100, size: 10, bold: false)
        page.text("Café Lumière", x: 50, y: 130, size: 12, bold: false)
        try page.finish()
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: "plain.pdf")
        #expect(document.metadata.producer == "Docket plain writer")
        let words = document.pages[0].words
        #expect(Set(words.map(\.text)) == ["Rechnungsbetrag", "1.234,56", "€", "Café", "Lumière"])
        #expect(words.first { $0.text == "Rechnungsbetrag" }?.bold == true)
        #expect(words.first { $0.text == "Café" }?.fontSize == 12)
    }

    /// A filled fillable form (scripts/fixtures/make_acroform_fixture.py): its values live only in
    /// form fields, which come back with tooltip, page and widget box, top to bottom.
    @Test func filledFormFieldsComeWithTheirTooltipsAndBoxes() throws {
        let path = Repository.root + "/Tests/Fixtures/pdf/filled-tax-form.pdf"
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: "form.pdf")
        #expect(!document.text.contains("Lakeside"), "the values are not in the text layer")
        let fields = document.formFields
        #expect(fields.map { $0.name } == ["f1_01", "f1_02", "f1_03", "f1_04", "f1_05", "f1_06", "c1_01"])
        #expect(fields[0].value == "Lakeside Clinic Partners LLC")
        #expect(fields[0].label == "Payer's name")
        #expect(fields[4].label == "Box 1 Nonemployee compensation")
        #expect(fields[6].value == "true", "a checked box")
        #expect(fields.allSatisfy { $0.page == 1 })
        // /Rect [250 686 520 702] on a 792-point page, in top-left page coordinates like words.
        #expect(fields[0].bbox == [250, 90, 520, 106])
        let label = try #require(document.pages[0].words.first { $0.text == "PAYER'S" })
        #expect(abs((label.y0 + label.y1) / 2 - 98) < 8, "the printed label sits level with its field")
    }

    /// Docket's own PDF writer writes AcroForm fields that poppler reads back.
    @Test func thePlainWriterWritesFormFields() throws {
        let path = NSTemporaryDirectory() + "docket-form-\(UUID().uuidString.prefix(6)).pdf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = PlainPDFWriter(path: path, family: "Helvetica")
        writer.text("Member ID", x: 50, y: 100, size: 10, bold: false)
        #expect(writer.formField("MBR12345678", name: "f1_1", tooltip: "Member ID", x: 200, y: 100, width: 120, size: 10))
        // Text beyond ASCII survives: a French amount with its narrow no-break space, an accent.
        #expect(writer.formField("70\u{202F}664,78 €", name: "f1_2", tooltip: "Salaire brut déclaré", x: 200, y: 120, width: 120, size: 10))
        try writer.finish()
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: "form.pdf")
        #expect(document.formFields.map { $0.value } == ["MBR12345678", "70\u{202F}664,78 €"])
        #expect(document.formFields.last?.label == "Salaire brut déclaré")
        #expect(document.formFields.first?.label == "Member ID")
        let words = document.pages[0].words.map(\.text)
        #expect(words.contains("Member"), "\(words)")
        #expect(!words.contains("MBR12345678"), "the value is only in the field")
    }
}
