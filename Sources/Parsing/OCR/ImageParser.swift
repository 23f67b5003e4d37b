import Foundation

/// Image files (a scanned letter as TIFF, a receipt photographed as JPEG, a PNG export) read
/// as one page by OCR. Without tesseract they are refused as `unsupported_format`, saying what
/// to install.
enum ImageParser {
    /// The longer side of an image becomes the height of an A4 page in points: scans and photos
    /// carry no trustworthy resolution, and the layout code reasons in points.
    static let longSide = 842.0

    static func parse(_ data: Data, kind: String, options: OCROptions) throws -> ParsedDocument {
        if let reason = OCREngine.unavailable(options) {
            throw ParseError(.unsupportedFormat, "the file is \(kind); \(reason)")
        }
        let directory = try ScratchDirectory()
        let path = try directory.write(data, named: "image")
        let reading = try OCREngine.read(imageAt: path, options: options) { width, height in longSide / max(width, height, 1) }
        var page = ParsedDocument.Page(number: 1, width: PDFParser.round2(reading.pixelWidth * reading.scale),
                                       height: PDFParser.round2(reading.pixelHeight * reading.scale), rotation: nil,
                                       text: reading.text, words: reading.words, needsOCR: reading.words.isEmpty)
        page.ocr = true
        var warnings: [String] = []
        if reading.words.isEmpty { warnings.append("OCR found no text in the image") }
        return ParsedDocument(format: .image, metadata: ParsedDocument.Metadata(pageCount: 1), pages: [page],
                              text: reading.text, warnings: warnings)
    }
}
