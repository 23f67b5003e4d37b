import Foundation

/// What a file is, from its first bytes (never from its name alone: a `.pdf` that is really a
/// JPEG must be refused as what it is).
public enum DetectedFormat: Equatable, Sendable {
    case pdf
    case xml
    case text
    /// A picture of a page (JPEG, PNG, TIFF): read by OCR when tesseract is installed.
    case image(String)
    case unsupported(String)
}

public enum FormatDetector {
    /// File signatures at offset 0. Static, and compared in place: arrays built per check were
    /// 4% of parsing a small XML document, and this runs on every file.
    static let images: [(magic: [UInt8], what: String)] = [
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0x49, 0x49, 0x2A, 0x00], "a TIFF image"),
        ([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
    ]
    static let signatures: [(magic: [UInt8], what: String)] = [
        (Array("GIF8".utf8), "a GIF image"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Office document (OLE)"),
        ([0x1F, 0x8B], "a gzip archive"),
    ]
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    public static func detect(_ data: Data, fileName: String = "") -> DetectedFormat {
        // PDF: the header may follow a little junk; readers accept it within the first KB.
        if ByteSearch.offset(of: "%PDF-", in: data, limit: 1024) != nil { return .pdf }
        return data.withUnsafeBytes { raw -> DetectedFormat in
            let head = UnsafeRawBufferPointer(rebasing: raw.prefix(1024))
            if let hit = images.first(where: { head.starts(with: $0.magic) }) { return .image(hit.what) }
            if let hit = signatures.first(where: { head.starts(with: $0.magic) }) { return .unsupported(hit.what) }
            if head.starts(with: zip) {
                let lower = fileName.lowercased()
                if lower.hasSuffix(".docx") { return .unsupported("a Word document (DOCX)") }
                if lower.hasSuffix(".xlsx") { return .unsupported("an Excel workbook (XLSX)") }
                return .unsupported("a ZIP archive or Office document")
            }
            if looksLikeEmail(head) { return .unsupported("an e-mail message") }
            if looksLikeXML(head) { return .xml }
            return .text
        }
    }

    /// `<?xml` or a first element after optional BOM, whitespace and comments, in UTF-8 or UTF-16.
    static func looksLikeXML(_ head: UnsafeRawBufferPointer) -> Bool {
        if head.starts(with: [0xFE, 0xFF, 0x00, 0x3C]) || head.starts(with: [0xFF, 0xFE, 0x3C, 0x00]) { return true }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard trimmed.first == UInt8(ascii: "<"), trimmed.count > 1 else { return false }
        let next = trimmed[trimmed.startIndex + 1]
        return next == UInt8(ascii: "?") || next == UInt8(ascii: "!") || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next == 95
    }

    /// RFC 5322 headers before the first blank line: a From header and at least two known ones.
    /// Works on the bytes: this runs on every file, and a String round trip per file was a fifth
    /// of the time of parsing a small XML document.
    static func looksLikeEmail(_ head: UnsafeRawBufferPointer) -> Bool {
        // A header block starts with a field name; anything else (`<`, `%`, a BOM) is not mail.
        guard let first = head.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else { return false }
        let known = ["From: ", "To: ", "Subject: ", "Date: ", "Received: ", "Return-Path: ", "MIME-Version: ", "Message-ID: ", "Cc: "]
            .map { Array($0.utf8) }
        let senders: Set<Int> = [0, 4, 5]  // From, Received, Return-Path
        var hits = 0, sender = false
        var start = 0
        while start < head.count {
            let end = head[start...].firstIndex(of: 0x0A) ?? head.count
            var line = head[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { break }  // the blank line that ends the headers
            if let hit = known.firstIndex(where: { line.starts(with: $0) }) {
                hits += 1
                sender = sender || senders.contains(hit)
            }
            start = end + 1
        }
        return hits >= 2 && sender
    }
}
