import Foundation

extension PDFParser {
    /// Reads the pages that have no text layer (scans, faxes, photographed receipts saved as PDF)
    /// with OCR, in place: each gets tesseract's words and text and `ocr: true`. A page that
    /// fails keeps `needs_ocr` and says why in `warnings`; the document's other pages stand.
    static func recognizeScannedPages(_ data: Data, pages: inout [ParsedDocument.Page], warnings: inout [String], options: OCROptions) {
        let scanned = pages.indices.filter { pages[$0].needsOCR }
        guard !scanned.isEmpty else { return }
        if let reason = OCREngine.unavailable(options) {
            warnings.append("\(scanned.count) page(s) have no text layer and were not read: \(reason)")
            return
        }
        if scanned.count > options.maxPages {
            warnings.append("\(scanned.count) pages have no text layer; OCR read the first \(options.maxPages)")
        }
        let directory: ScratchDirectory, path: String
        do {
            directory = try ScratchDirectory()
            path = try directory.write(data, named: "document.pdf")
        } catch {
            warnings.append("OCR did not run: \((error as? ParseError)?.message ?? "\(error)")")
            return
        }
        for index in scanned.prefix(options.maxPages) {
            let number = pages[index].number
            do {
                let image = try OCREngine.render(pdfAt: path, page: number, into: directory.path, options: options)
                defer { try? FileManager.default.removeItem(atPath: image) }
                let points = 72 / Double(options.dpi)
                let reading = try OCREngine.read(imageAt: image, options: options) { _, _ in points }
                pages[index].words = reading.words
                pages[index].text = reading.text
                pages[index].needsOCR = reading.words.isEmpty
                pages[index].ocr = true
            } catch {
                warnings.append("page \(number): OCR failed: \((error as? ParseError)?.message ?? "\(error)")")
            }
        }
    }
}
