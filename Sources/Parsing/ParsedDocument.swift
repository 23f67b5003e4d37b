import Foundation

/// Everything a parser learned about one file: the contract between parsing and extraction.
public struct ParsedDocument: Codable, Sendable {
    public enum Format: String, Codable, Sendable {
        case pdf, xml, text
        /// A JPEG, PNG or TIFF read by OCR as one page.
        case image

        /// Whether the document has pages of positioned words, the input of the layout heads.
        public var hasPages: Bool { self == .pdf || self == .image }
    }

    public struct Metadata: Codable, Sendable {
        public var title: String?
        public var author: String?
        public var producer: String?
        public var creator: String?
        public var created: String?
        public var modified: String?
        public var pageCount: Int
        public var encrypted: Bool
        /// For text: the encoding it was decoded from.
        public var encoding: String?

        public init(pageCount: Int = 0, encrypted: Bool = false) {
            self.pageCount = pageCount
            self.encrypted = encrypted
        }

        enum CodingKeys: String, CodingKey {
            case title, author, producer, creator, created, modified, encrypted, encoding
            case pageCount = "page_count"
        }
    }

    /// A word with its box in page coordinates (points, origin top-left).
    public struct Word: Codable, Sendable {
        public var text: String
        public var x0: Double, y0: Double, x1: Double, y1: Double
        public var fontSize: Double
        public var bold: Bool
        enum CodingKeys: String, CodingKey { case text, x0, y0, x1, y1, bold; case fontSize = "font_size" }

        public init(text: String, x0: Double, y0: Double, x1: Double, y1: Double, fontSize: Double, bold: Bool) {
            (self.text, self.x0, self.y0, self.x1, self.y1, self.fontSize, self.bold) = (text, x0, y0, x1, y1, fontSize, bold)
        }
    }

    public struct Page: Codable, Sendable {
        public var number: Int
        public var width: Double
        public var height: Double
        /// Degrees, when the backend reports it (poppler-glib 22 does not: then absent).
        public var rotation: Int?
        public var text: String
        public var words: [Word]
        public var needsOCR: Bool
        /// True when the words were read by OCR from the page's picture; absent for a text layer.
        public var ocr: Bool? = nil
        enum CodingKeys: String, CodingKey { case number, width, height, rotation, text, words, ocr; case needsOCR = "needs_ocr" }

        public init(number: Int, width: Double, height: Double, rotation: Int? = nil, text: String, words: [Word],
                    needsOCR: Bool, ocr: Bool? = nil) {
            (self.number, self.width, self.height, self.rotation, self.text, self.words, self.needsOCR, self.ocr)
                = (number, width, height, rotation, text, words, needsOCR, ocr)
        }
    }

    public struct Attachment: Codable, Sendable {
        public var name: String
        public var mime: String?
        public var size: Int
        public var standard: JSONValue?
    }

    /// A filled AcroForm field. Its value is not part of the page's text layer, so this is the
    /// only place it appears.
    public struct FormField: Codable, Sendable {
        public var name: String
        public var value: String
        /// The tooltip (/TU) a form shows a person for the field, when it has one.
        public var label: String?
        public var page: Int
        /// [x0, y0, x1, y1] of the field's widget, in page coordinates like word boxes (origin
        /// top left); zeros when the widget has no area.
        public var bbox: [Double]

        public init(name: String, value: String, label: String? = nil, page: Int = 1, bbox: [Double] = [0, 0, 0, 0]) {
            self.name = name
            self.value = value
            self.label = label
            self.page = page
            self.bbox = bbox
        }
    }

    public var format: Format
    public var metadata: Metadata
    public var pages: [Page]
    public var text: String
    /// For XML (and PDFs carrying an e-invoice): what the recognized standard says.
    public var standard: JSONValue?
    public var attachments: [Attachment]
    public var formFields: [FormField]
    /// Problems that were recovered from, e.g. an undeclared namespace prefix.
    public var warnings: [String]

    public init(format: Format, metadata: Metadata, pages: [Page] = [], text: String, standard: JSONValue? = nil,
                attachments: [Attachment] = [], formFields: [FormField] = [], warnings: [String] = []) {
        self.format = format
        self.metadata = metadata
        self.pages = pages
        self.text = text
        self.standard = standard
        self.attachments = attachments
        self.formFields = formFields
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case format, metadata, pages, text, standard, attachments, warnings
        case formFields = "form_fields"
    }
}
