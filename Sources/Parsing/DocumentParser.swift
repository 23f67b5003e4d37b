import Foundation

/// Limits applied to every document, whatever its format.
public struct ParseLimits: Sendable {
    public var maxBytes = 100 << 20
    public var maxPages = 2_000
    /// Seconds one PDF page may take.
    public var pageTimeout: TimeInterval = 10
    /// Seconds a whole document may take.
    public var documentTimeout: TimeInterval = 120
    public var xml = XMLLimits()
    public var ocr = OCROptions.fromEnvironment
    public init() {}
}

/// Turns the bytes of any incoming file into one `ParsedDocument`, or a `ParseError` from the
/// published list. The format comes from the content, never from the file name alone.
public enum DocumentParser {
    public static func parse(_ data: Data, fileName: String, limits: ParseLimits = ParseLimits()) throws -> ParsedDocument {
        guard !data.isEmpty else { throw ParseError(.empty, "the file is empty (0 bytes)") }
        guard data.count <= limits.maxBytes else {
            throw ParseError(.tooLarge, "the file is \(data.count) bytes, over the \(limits.maxBytes)-byte limit")
        }
        switch FormatDetector.detect(data, fileName: fileName) {
        case .pdf:
            return try PDFParser.parse(data, limits: limits)
        case .xml:
            return try parseXML(data, limits: limits)
        case .text:
            return parseText(data)
        case .image(let what):
            return try ImageParser.parse(data, kind: what, options: limits.ocr)
        case .unsupported(let what):
            throw ParseError(.unsupportedFormat, "\(fileName.isEmpty ? "the file" : fileName) is \(what); Docket reads PDF, XML, plain text and (with OCR) JPEG, PNG and TIFF images")
        }
    }

    /// Like `parse`, but PDFs and images go to a child process of `pool` (XML and text are
    /// parsed here: libxml2 runs with hard limits and no network, and text decoding cannot fail).
    public static func parse(_ data: Data, fileName: String, isolatingPDFsIn pool: ParserProcessPool?,
                             limits: ParseLimits = ParseLimits()) throws -> ParsedDocument {
        if let pool, !data.isEmpty, data.count <= limits.maxBytes {
            switch FormatDetector.detect(data, fileName: fileName) {
            case .pdf, .image: return try pool.parse(data, fileName: fileName)
            default: break
            }
        }
        return try parse(data, fileName: fileName, limits: limits)
    }

    public static func parseXML(_ data: Data, limits: ParseLimits = ParseLimits()) throws -> ParsedDocument {
        var xmlLimits = limits.xml
        xmlLimits.maxBytes = min(xmlLimits.maxBytes, limits.maxBytes)
        let (tree, warnings) = try XMLParser.parse(data, limits: xmlLimits)
        guard let root = tree.root else { throw ParseError(.xmlMalformed, "the XML has no root element") }
        var metadata = ParsedDocument.Metadata()
        metadata.encoding = tree.doc.pointee.encoding.map { String(cString: $0) } ?? "utf-8"
        return ParsedDocument(format: .xml, metadata: metadata, text: XMLParser.text(of: tree),
                              standard: StandardRecognizer.recognize(root), warnings: warnings)
    }

    static func parseText(_ data: Data) -> ParsedDocument {
        let (text, encoding) = TextDecoder.decode(data)
        var metadata = ParsedDocument.Metadata()
        metadata.encoding = encoding
        return ParsedDocument(format: .text, metadata: metadata, text: text)
    }
}
