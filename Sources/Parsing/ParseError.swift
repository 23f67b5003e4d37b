import DocketSupport

/// The published list of parse failures. The codes are a contract: they appear in
/// `docket parse` JSON, in the queue's `last_error_code` and in exit messages, and
/// `retryable` decides whether a failed job is tried again or goes straight to `dead`.
public struct ParseError: ReportableError, Equatable, Sendable {
    public enum Code: String, CaseIterable, Sendable, Codable {
        /// The PDF needs a password.
        case encrypted
        /// The bytes are damaged: truncated, byte-flipped, not what they claim to be.
        case corrupt
        /// A format Docket does not read (images, DOCX, e-mail, archives).
        case unsupportedFormat = "unsupported_format"
        /// Over the size limit.
        case tooLarge = "too_large"
        /// Over the page limit.
        case tooManyPages = "too_many_pages"
        /// Parsing took longer than its time limit.
        case timeout
        /// XML that asks for entity expansion, a DTD or the network.
        case xmlForbidden = "xml_forbidden"
        /// XML that is not well-formed.
        case xmlMalformed = "xml_malformed"
        /// XML nested deeper or with more nodes than the limits allow.
        case xmlLimit = "xml_limit"
        /// Text in an encoding that cannot be decoded.
        case encoding
        /// Zero bytes, or nothing to read.
        case empty
        /// The parser process crashed or ran out of memory.
        case crashed
        /// A fault in Docket itself.
        case internalError = "internal"

        /// Whether running the job again could succeed. Only a crash or a timeout might be
        /// transient (load, memory pressure); the rest are properties of the file.
        public var retryable: Bool {
            switch self {
            case .timeout, .crashed, .internalError: return true
            default: return false
            }
        }
    }

    public var kind: Code
    public var detail: String

    public init(_ kind: Code, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var code: String { kind.rawValue }
    public var message: String { detail }
    public var retryable: Bool { kind.retryable }
}
