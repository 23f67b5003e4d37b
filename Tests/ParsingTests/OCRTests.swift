import DocketTestSupport
import Foundation
import Synth
import Testing
@testable import Parsing

/// Scanned pages and image files read by tesseract: the TSV mapping on its own, then real
/// pictures drawn by the project's own canvas (the setup script installs tesseract-ocr).
@Suite struct OCRTests {
    @Test func tesseractRowsBecomeWordsOnTheirLinesBand() {
        let tsv = """
            level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
            1\t1\t0\t0\t0\t0\t0\t0\t2000\t1000\t-1\t
            4\t1\t1\t1\t1\t0\t100\t200\t600\t40\t-1\t
            5\t1\t1\t1\t1\t1\t100\t204\t200\t36\t91.5\tInvoice
            5\t1\t1\t1\t1\t2\t320\t230\t10\t4\t88.0\t-
            5\t1\t1\t1\t1\t3\t350\t205\t350\t35\t12.0\t|||
            5\t1\t1\t1\t1\t4\t500\t205\t200\t35\t95.0\tF-1001
            4\t1\t2\t1\t1\t0\t100\t300\t300\t20\t-1\t
            5\t1\t2\t1\t1\t1\t100\t300\t300\t20\t90.0\t \t
            4\t1\t3\t1\t1\t0\t100\t400\t300\t20\t-1\t
            5\t1\t3\t1\t1\t1\t100\t400\t300\t20\t97.0\tTotal
            """
        let reading = TesseractTSV.read(tsv) { width, height in 842 / max(width, height) }
        #expect(reading.pixelWidth == 2000 && reading.pixelHeight == 1000)
        #expect(reading.words.map(\.text) == ["Invoice", "-", "F-1001", "Total"], "the unsure word and the blank are left out")
        #expect(reading.text == "Invoice - F-1001\nTotal", "a blank line is no line")
        let scale = 842.0 / 2000
        let hyphen = reading.words[1]
        #expect(abs(hyphen.y0 - 200 * scale) < 0.01 && abs(hyphen.y1 - 240 * scale) < 0.01, "a hyphen sits on its line's band")
        #expect(abs(hyphen.x0 - 320 * scale) < 0.01 && abs(hyphen.x1 - 330 * scale) < 0.01)
        #expect(reading.words[0].fontSize == 17, "a 40 px line at 0.421 pt/px is 16.8 pt, to the half point")
        #expect(reading.words.allSatisfy { !$0.bold })
    }

    /// An invoice drawn as a picture only: what a scanner makes of it.
    static func scannedInvoice(at path: String, output: PDFCanvas.Output) throws {
        let canvas = try PDFCanvas(path: path, output: output)
        canvas.text("Harbor Medical Supply", x: 50, y: 60, size: 18, bold: true)
        canvas.text("Invoice number: INV-4417", x: 50, y: 110, size: 12)
        canvas.text("Total due: 1,234.56 EUR", x: 300, y: 700, size: 12, bold: true)
        try canvas.finish()
    }

    @Test func aPDFOfPicturesIsReadByOCR() throws {
        let folder = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.scannedInvoice(at: folder + "/scan.pdf", output: .scan(dpi: 200))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/scan.pdf"))

        var off = ParseLimits()
        off.ocr.enabled = false
        let unread = try DocumentParser.parse(data, fileName: "scan.pdf", limits: off)
        #expect(unread.pages[0].needsOCR && unread.pages[0].words.isEmpty, "no text layer: cairo drew only a picture")
        #expect(unread.warnings.contains { $0.contains("DOCKET_OCR=off") })

        let document = try DocumentParser.parse(data, fileName: "scan.pdf")
        let page = document.pages[0]
        #expect(page.ocr == true && !page.needsOCR)
        #expect(document.text.contains("INV-4417"), "\(document.text)")
        let number = try #require(page.words.first { $0.text == "INV-4417" })
        #expect(number.x0 > 150 && number.x1 < 260, "in points on the A4 page, not in pixels: \(number)")
        #expect(number.y0 > 95 && number.y1 < 118, "around the baseline at y=110: \(number)")
        #expect(abs(number.fontSize - 12) <= 4, "about the drawn size: \(number.fontSize)")
        let harbor = try #require(page.words.first { $0.text == "Harbor" })
        #expect(harbor.fontSize > number.fontSize, "the title stays the larger type")
    }

    @Test func anImageFileIsOnePageReadByOCR() throws {
        let folder = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.scannedInvoice(at: folder + "/photo.png", output: .png(dpi: 150))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/photo.png"))
        #expect(FormatDetector.detect(data) == .image("a PNG image"))
        let document = try DocumentParser.parse(data, fileName: "photo.png")
        #expect(document.format == .image && document.pages.count == 1)
        #expect(document.pages[0].height == 842 && abs(document.pages[0].width - 595.3) < 1, "the long side is an A4 height")
        #expect(document.text.contains("Total due"), "\(document.text)")

        var off = ParseLimits()
        off.ocr.enabled = false
        #expect(throws: ParseError(.unsupportedFormat, "the file is a PNG image; OCR is turned off (DOCKET_OCR=off)")) {
            try DocumentParser.parse(data, fileName: "photo.png", limits: off)
        }
    }

    /// A till receipt as a thermal printer makes it (80 mm wide, 203 dpi): tesseract's column
    /// analysis drops the right-aligned prices, the block reading keeps them.
    static func tillReceipt(at path: String) throws {
        let canvas = try PDFCanvas(path: path, width: 226, height: 330, output: .png(dpi: 203))
        canvas.font = "DejaVu Sans Mono"  // till printers print in fixed pitch; tesseract's columns fail on it
        canvas.text("GREENLEAF MARKET", x: 52, y: 24, size: 11, bold: true)
        canvas.text("Date: 11/14/2025  Time: 18:42", x: 10, y: 50, size: 8)
        let items = [("ORGANIC BANANAS", "2.49"), ("WHOLE MILK 1GAL", "4.29"), ("SOURDOUGH BREAD", "5.99"), ("EGGS LARGE 12CT", "3.89"),
                     ("COFFEE BEANS 12OZ", "11.99"), ("SUBTOTAL", "28.65"), ("TAX 0.00%", "0.00"), ("TOTAL", "$28.65"), ("VISA **** 4417", "28.65")]
        for (row, (name, price)) in items.enumerated() {
            let y = 80 + Double(row) * 17
            canvas.text(name, x: 10, y: y, size: 8)
            canvas.text(price, x: 216 - canvas.width(of: price, size: 8), y: y, size: 8)
        }
        canvas.text("THANK YOU FOR SHOPPING!", x: 40, y: 250, size: 8)
        try canvas.finish()
    }

    @Test func aTillReceiptKeepsItsColumnOfPrices() throws {
        let folder = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.tillReceipt(at: folder + "/receipt.png")
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/receipt.png")), fileName: "receipt.png")
        let words = document.pages[0].words.map(\.text)
        for price in ["2.49", "11.99", "28.65"] { #expect(words.contains(price), "\(price) in \(words)") }
        let total = try #require(document.pages[0].words.first { $0.text.hasSuffix("28.65") })
        #expect(total.x0 > document.pages[0].width / 2, "prices stay at the right")
    }

    @Test func theBlockReadingIsKeptOnlyWhenItHoldsClearlyMoreSureDigits() {
        func reading(_ rows: [(String, Double)]) -> TesseractTSV.Reading {
            let tsv = rows.enumerated().map { i, row in "5\t1\t1\t1\t1\t\(i + 1)\t\(i * 50)\t0\t40\t20\t\(row.1)\t\(row.0)" }
            return TesseractTSV.read((["1\t1\t0\t0\t0\t0\t0\t0\t400\t100\t-1\t", "4\t1\t1\t1\t1\t0\t0\t0\t400\t20\t-1\t"] + tsv)
                .joined(separator: "\n")) { _, _ in 1 }
        }
        let columns = reading([("SUBTOTAL", 96), (".49", 90), (".29", 90), ("TOTAL", 95), ("28.65", 80)])
        let block = reading([("SUBTOTAL", 96), ("2.49", 90), ("4.29", 90), ("TOTAL", 95), ("28.65", 80)])
        #expect(abs(columns.sureDigits - (2 * 0.9 + 2 * 0.9 + 4 * 0.8)) < 1e-9)
        #expect(TesseractTSV.richer(columns, than: block).words.map(\.text).contains("2.49"), "a quarter more digits")
        let letter = reading([("Invoice", 95), ("INV-4417", 92), ("Total", 95), ("1,234.56", 90), ("EUR", 90)])
        let merged = reading([("Invoice", 95), ("INV-4417", 92), ("Total", 95), ("1,234.56", 90), ("EUR", 90), ("1", 60)])
        #expect(TesseractTSV.richer(letter, than: merged).words.count == 5, "a stray digit is no reason to drop the columns")
    }

    @Test func aDamagedImageIsCorruptAndAnImageOfNothingHasNoText() throws {
        #expect(throws: ParseError.self) { try DocumentParser.parse(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]), fileName: "x.png") }
        do {
            _ = try DocumentParser.parse(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), fileName: "scan.pdf")
            Issue.record("a JPEG header alone parsed")
        } catch let error as ParseError {
            #expect(error.kind == .corrupt, "\(error)")
            #expect(!error.message.contains("\n"))
        }
        let folder = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let blank = try PDFCanvas(path: folder + "/blank.png", output: .png(dpi: 50))
        blank.box(x: 100, y: 100, width: 200, height: 20, gray: 0.8)
        try blank.finish()
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/blank.png")), fileName: "blank.png")
        #expect(document.pages[0].needsOCR && document.text.isEmpty)
        #expect(document.warnings == ["OCR found no text in the image"])
    }

    @Test func optionsComeFromTheEnvironment() {
        #expect(OCROptions(environment: [:]).enabled)
        #expect(!OCROptions(environment: ["DOCKET_OCR": "off"]).enabled)
        #expect(OCROptions(environment: ["DOCKET_OCR_LANGUAGES": "eng"]).languages == "eng")
        #expect(OCROptions(environment: ["DOCKET_OCR_LANGUAGES": ""]).languages == nil)
    }
}
