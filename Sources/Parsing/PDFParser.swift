import CColorLinks
import CPoppler
import Foundation

/// PDF text in reading order, words with boxes, font size and weight, metadata, AcroForm
/// fields and embedded files, through poppler-glib. Runs in whatever process calls it: the
/// worker calls it inside an isolated child (`ParserProcess`), never in its own process.
enum PDFParser {
    /// Installed before the first document is opened, once per process: poppler would otherwise
    /// build colour transforms for every page of a PDF/A file, which only drawing needs.
    /// `DOCKET_PDF_COLOR=lcms` keeps lcms2's own intents, to check that the text does not change.
    static let textOnlyColor: Bool = ProcessInfo.processInfo.environment["DOCKET_PDF_COLOR"] == "lcms"
        ? false : docket_color_links_install() == 1

    static func parse(_ data: Data, limits: ParseLimits) throws -> ParsedDocument {
        _ = textOnlyColor
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            throw openError(error)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }

        let pageCount = Int(poppler_document_get_n_pages(document))
        guard pageCount <= limits.maxPages else {
            throw ParseError(.tooManyPages, "the PDF has \(pageCount) pages, over the limit of \(limits.maxPages)")
        }
        var metadata = ParsedDocument.Metadata(pageCount: pageCount, encrypted: isEncrypted(data))
        metadata.title = take(poppler_document_get_title(document))
        metadata.author = take(poppler_document_get_author(document))
        metadata.producer = take(poppler_document_get_producer(document))
        metadata.creator = take(poppler_document_get_creator(document))
        metadata.created = isoDate(poppler_document_get_creation_date(document))
        metadata.modified = isoDate(poppler_document_get_modification_date(document))

        var pages: [ParsedDocument.Page] = []
        var formFields: [ParsedDocument.FormField] = []
        let started = Date()
        for index in 0..<pageCount {
            guard let page = poppler_document_get_page(document, Int32(index)) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            pages.append(readPage(page, number: index + 1))
            formFields += readFormFields(page, number: index + 1)
            if Date().timeIntervalSince(started) > limits.documentTimeout {
                throw ParseError(.timeout, "reading the PDF took over \(Int(limits.documentTimeout)) s (stopped at page \(index + 1) of \(pageCount))")
            }
        }
        let (attachments, standard) = readAttachments(document, limits: limits)
        var warnings: [String] = []
        recognizeScannedPages(data, pages: &pages, warnings: &warnings, options: limits.ocr)
        if !pages.isEmpty && pages.allSatisfy(\.needsOCR) { warnings.append("no page has a text layer, and OCR read none") }
        return ParsedDocument(format: .pdf, metadata: metadata, pages: pages,
                              text: pages.map(\.text).joined(separator: "\n\u{0C}"), standard: standard,
                              attachments: attachments, formFields: formFields, warnings: warnings)
    }

    static func openError(_ error: UnsafeMutablePointer<GError>?) -> ParseError {
        defer { if let error { g_error_free(error) } }
        let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
        if let error, error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return ParseError(.encrypted, "the PDF is encrypted and needs a password")
        }
        return ParseError(.corrupt, "the PDF cannot be read: \(message)")
    }

    /// An /Encrypt entry in a trailer or cross-reference stream: encrypted, even if the empty
    /// user password opened it.
    static func isEncrypted(_ data: Data) -> Bool {
        ByteSearch.offset(of: "/Encrypt", in: data) != nil
    }

    // MARK: Pages

    static func readPage(_ page: OpaquePointer, number: Int) -> ParsedDocument.Page {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        var text = takeExactly(poppler_page_get_text(page))
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        var words: [ParsedDocument.Word] = []
        if poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles {
            defer { g_free(rectangles) }
            let attributes = readAttributes(page)
            var gaps: [Int] = []
            words = buildWords(text: text, boxes: UnsafeBufferPointer(start: rectangles, count: Int(count)), attributes: attributes, gaps: &gaps)
            text = spaced(text, before: gaps)
        }
        let trimmed = trimmed(text)
        return ParsedDocument.Page(number: number, width: width, height: height, rotation: nil,
                                   text: trimmed ?? "", words: words, needsOCR: trimmed == nil)
    }

    struct FontRun {
        var start: Int
        var end: Int
        var size: Double
        var bold: Bool
    }

    static func readAttributes(_ page: OpaquePointer) -> [FontRun] {
        guard let list = poppler_page_get_text_attributes(page) else { return [] }
        defer { poppler_page_free_text_attributes(list) }
        var runs: [FontRun] = []
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            if let raw = current.pointee.data {
                let attrs = raw.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
                let font = attrs.font_name.map { String(cString: $0) } ?? ""
                let lower = font.lowercased()
                runs.append(FontRun(start: Int(attrs.start_index), end: Int(attrs.end_index), size: attrs.font_size,
                                    bold: lower.contains("bold") || lower.contains("black") || lower.contains("heavy") || lower.contains("semibold")))
            }
            node = current.pointee.next
        }
        return runs
    }

    /// Groups the per-character boxes into words: characters between whitespace, with the
    /// union of their boxes and the font of their first character. Some producers place words
    /// apart without a space character (poppler then reports them run together), so a gap of
    /// more than a third of the character height, or a step back to the left, also ends a word;
    /// `gaps` gets the index of each character that starts a word so.
    static func buildWords(text: String, boxes: UnsafeBufferPointer<PopplerRectangle>, attributes: [FontRun],
                           gaps: inout [Int]) -> [ParsedDocument.Word] {
        var words: [ParsedDocument.Word] = []
        var current = ""
        var box = (x0: 0.0, y0: 0.0, x1: 0.0, y1: 0.0)
        var wordStart = 0
        var runIndex = 0
        var lastRight = 0.0
        func finish() {
            guard !current.isEmpty else { return }
            while runIndex < attributes.count && attributes[runIndex].end < wordStart { runIndex += 1 }
            let run = runIndex < attributes.count && attributes[runIndex].start <= wordStart ? attributes[runIndex] : nil
            words.append(ParsedDocument.Word(text: current, x0: round2(box.x0), y0: round2(box.y0), x1: round2(box.x1),
                                             y1: round2(box.y1), fontSize: round2(run?.size ?? 0), bold: run?.bold ?? false))
            current = ""
        }
        for (index, scalar) in text.unicodeScalars.enumerated() {
            guard index < boxes.count else { break }
            if scalar.properties.isWhitespace {
                finish()
                continue
            }
            let r = boxes[index]
            if !current.isEmpty {
                let height = max(r.y2 - r.y1, 1)
                if r.x1 - lastRight > height / 3 || r.x1 < lastRight - height || abs(r.y1 - box.y0) > height / 2 {
                    finish()
                    gaps.append(index)
                }
            }
            lastRight = r.x2
            if current.isEmpty {
                wordStart = index
                box = (r.x1, r.y1, r.x2, r.y2)
            } else {
                box = (min(box.x0, r.x1), min(box.y0, r.y1), max(box.x1, r.x2), max(box.y1, r.y2))
            }
            current.unicodeScalars.append(scalar)
        }
        finish()
        return words
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// The page's text with a space before each character that starts a word without one, so
    /// the text says what the words say: poppler runs totals printed in close columns together
    /// ("100,004,90" for "100,00" and "4,90"), which `pdftotext` keeps apart.
    static func spaced(_ text: String, before gaps: [Int]) -> String {
        guard !gaps.isEmpty else { return text }
        var result = String.UnicodeScalarView()
        var next = gaps.makeIterator()
        var gap = next.next()
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == gap {
                result.append(" ")
                gap = next.next()
            }
            result.append(scalar)
        }
        return String(result)
    }

    // MARK: Forms and attachments

    /// The page's filled form fields in reading order (top to bottom, then left to right), each
    /// with its tooltip and its widget's box.
    static func readFormFields(_ page: OpaquePointer, number: Int) -> [ParsedDocument.FormField] {
        guard let list = poppler_page_get_form_field_mapping(page) else { return [] }
        defer { poppler_page_free_form_field_mapping(list) }
        var pageWidth = 0.0, pageHeight = 0.0
        poppler_page_get_size(page, &pageWidth, &pageHeight)
        var fields: [ParsedDocument.FormField] = []
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            defer { node = current.pointee.next }
            guard let raw = current.pointee.data else { continue }
            let mapping = raw.assumingMemoryBound(to: PopplerFormFieldMapping.self).pointee
            guard let field = mapping.field else { continue }
            let name = take(poppler_form_field_get_name(field)) ?? take(poppler_form_field_get_partial_name(field)) ?? ""
            guard !name.isEmpty, let value = formValue(field) else { continue }
            let label = take(poppler_form_field_get_alternate_ui_name(field)).flatMap { $0.isEmpty ? nil : $0 }
            // Mapping areas count y up from the bottom of the page; word boxes count it down from the top.
            let area = mapping.area
            let box = [round2(min(area.x1, area.x2)), round2(pageHeight - max(area.y1, area.y2)),
                       round2(max(area.x1, area.x2)), round2(pageHeight - min(area.y1, area.y2))]
            fields.append(ParsedDocument.FormField(name: name, value: value, label: label, page: number, bbox: box))
        }
        return fields.sorted { ($0.bbox[1], $0.bbox[0]) < ($1.bbox[1], $1.bbox[0]) }
    }

    static func formValue(_ field: OpaquePointer) -> String? {
        switch poppler_form_field_get_field_type(field) {
        case POPPLER_FORM_FIELD_TEXT:
            return take(poppler_form_field_text_get_text(field))
        case POPPLER_FORM_FIELD_BUTTON:
            guard poppler_form_field_button_get_button_type(field) != POPPLER_FORM_BUTTON_PUSH else { return nil }
            return poppler_form_field_button_get_state(field) != 0 ? "true" : "false"
        case POPPLER_FORM_FIELD_CHOICE:
            let n = poppler_form_field_choice_get_n_items(field)
            let selected = (0..<n).filter { poppler_form_field_choice_is_item_selected(field, $0) != 0 }
                .compactMap { take(poppler_form_field_choice_get_item(field, $0)) }
            return selected.isEmpty ? take(poppler_form_field_choice_get_text(field)) : selected.joined(separator: ", ")
        default:
            return nil
        }
    }

    /// Embedded files; an embedded e-invoice XML (ZUGFeRD/Factur-X CII, or UBL) goes through the
    /// same recognizer, and the first recognized one becomes the document's `standard`.
    static func readAttachments(_ document: OpaquePointer, limits: ParseLimits) -> ([ParsedDocument.Attachment], JSONValue?) {
        guard poppler_document_has_attachments(document) != 0, let list = poppler_document_get_attachments(document) else { return ([], nil) }
        defer { g_list_free_full(list, { g_object_unref($0) }) }
        var attachments: [ParsedDocument.Attachment] = []
        var standard: JSONValue?
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            defer { node = current.pointee.next }
            guard let raw = current.pointee.data else { continue }
            let attachment = raw.assumingMemoryBound(to: PopplerAttachment.self)
            let name = attachment.pointee.name.map { String(cString: $0) } ?? "attachment"
            let box = ByteSink(limit: limits.xml.maxBytes)
            var error: UnsafeMutablePointer<GError>?
            let saved = poppler_attachment_save_to_callback(attachment, { buffer, count, userData, _ in
                guard let buffer, let userData else { return 0 }
                let sink = Unmanaged<ByteSink>.fromOpaque(userData).takeUnretainedValue()
                return sink.append(UnsafeRawBufferPointer(start: buffer, count: Int(count))) ? 1 : 0
            }, Unmanaged.passUnretained(box).toOpaque(), &error)
            if let error { g_error_free(error) }
            var recognized: JSONValue?
            if saved != 0, FormatDetector.detect(box.data, fileName: name) == .xml,
               let parsed = try? DocumentParser.parseXML(box.data, limits: limits) {
                recognized = parsed.standard
                if standard == nil, let kind = recognized?["name"]?.stringValue, kind != "generic" { standard = recognized }
            }
            attachments.append(ParsedDocument.Attachment(name: name, mime: mimeType(for: name),
                                                         size: saved != 0 ? box.data.count : Int(clamping: attachment.pointee.size),
                                                         standard: recognized))
        }
        return (attachments, standard)
    }

    static func mimeType(for name: String) -> String? {
        switch (name as NSString).pathExtension.lowercased() {
        case "xml": return "application/xml"
        case "pdf": return "application/pdf"
        case "txt": return "text/plain"
        case "json": return "application/json"
        default: return nil
        }
    }

    /// Frees a GLib string after copying it, without surrounding whitespace; nil when empty.
    static func take(_ raw: UnsafeMutablePointer<gchar>?) -> String? {
        guard let raw else { return nil }
        defer { g_free(raw) }
        return trimmed(String(cString: raw))
    }

    /// Without surrounding whitespace (Unicode's, in plain Swift: Foundation's trimming goes
    /// through NSString and cost a third of reading a small page); nil when nothing is left.
    static func trimmed(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        return String(scalars[first...last])
    }

    /// Frees a GLib string after copying it as it is: a page's text must keep every character,
    /// since the i-th character's box is the i-th rectangle of the text layout.
    static func takeExactly(_ raw: UnsafeMutablePointer<gchar>?) -> String {
        guard let raw else { return "" }
        defer { g_free(raw) }
        return String(cString: raw)
    }

    /// UTC, to the second, as `2014-03-05T10:00:00Z`. Written out by hand: an ISO8601DateFormatter
    /// (ICU underneath) made per document cost as much as reading a one-page PDF.
    static func isoDate(_ seconds: time_t) -> String? {
        guard seconds > 0 else { return nil }
        var time = seconds, parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return nil }
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}

/// Collects an attachment's bytes, refusing more than `limit`.
final class ByteSink {
    var data = Data()
    let limit: Int
    init(limit: Int) { self.limit = limit }
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard data.count + bytes.count <= limit else { return false }
        data.append(contentsOf: bytes)
        return true
    }
}
