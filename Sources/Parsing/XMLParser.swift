import CLibXML2
import DocketSupport
import Foundation

/// Limits that bound the time and memory one XML document may take.
public struct XMLLimits: Sendable {
    public var maxBytes = 100 << 20
    /// libxml2 itself stops at 256 levels unless XML_PARSE_HUGE is given (it never is).
    public var maxDepth = 256
    public var maxNodes = 5_000_000
    public init() {}
}

/// Parses XML with libxml2 the safe way: no network, no DTD loading, no entity expansion
/// (a document declaring entities is refused outright), no XML_PARSE_HUGE. Errors libxml2
/// recovers from (an undeclared namespace prefix) become warnings; fatal ones become
/// `xml_malformed`, `encoding` or `xml_limit`.
public enum XMLParser {
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
                               | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOBLANKS.rawValue)

    public static func parse(_ data: Data, limits: XMLLimits = XMLLimits()) throws -> (tree: XMLTree, warnings: [String]) {
        if let repair = XMLDeclaration.repaired(data) {
            let (tree, warnings) = try parseAsDeclared(repair.data, limits: limits)
            return (tree, [repair.warning] + warnings)
        }
        return try parseAsDeclared(data, limits: limits)
    }

    private static func parseAsDeclared(_ data: Data, limits: XMLLimits) throws -> (tree: XMLTree, warnings: [String]) {
        guard !data.isEmpty else { throw ParseError(.empty, "the XML document is empty (0 bytes)") }
        guard data.count <= limits.maxBytes else {
            throw ParseError(.tooLarge, "the XML document is \(data.count) bytes, over the \(limits.maxBytes)-byte limit")
        }
        if let declaration = entityDeclaration(in: data) {
            throw ParseError(.xmlForbidden, "the document declares entities (\(declaration)); Docket never expands entities")
        }
        XMLParser.initialize
        let collector = ErrorCollector()
        guard let context = xmlNewParserCtxt() else { throw ParseError(.internalError, "libxml2 could not allocate a parser") }
        defer { xmlFreeParserCtxt(context) }
        let unmanaged = Unmanaged.passUnretained(collector)
        xmlSetStructuredErrorFunc(unmanaged.toOpaque(), { userData, error in
            guard let userData, let error else { return }
            Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
        })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let document = data.withUnsafeBytes { raw in
            xmlCtxtReadMemory(context, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), "document.xml", nil, options)
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            throw collector.fatalError ?? ParseError(.xmlMalformed, "the XML is not well-formed")
        }
        let tree = XMLTree(doc: document)
        if document.pointee.intSubset?.pointee.entities != nil {
            throw ParseError(.xmlForbidden, "the document's DTD declares entities; Docket never expands entities")
        }
        try checkShape(tree, limits: limits)
        var warnings = collector.warnings
        if document.pointee.intSubset != nil { warnings.append("the document's DOCTYPE was ignored (DTDs are never loaded)") }
        return (tree, warnings)
    }

    private static let initialize: Void = { xmlInitParser() }()

    /// `<!ENTITY` before the root element (the only place one can be declared). Checked before
    /// libxml2 sees the bytes, so an expansion bomb is never parsed at all.
    static func entityDeclaration(in data: Data) -> String? {
        // Only a problem before the root element; afterwards it is text inside a comment or CDATA.
        // So the search stops at the root: scanning a whole file compared at every tag.
        let window = ByteSearch.firstElementStart(in: data, limit: 1 << 20) ?? (1 << 20)
        guard let hit = ByteSearch.offset(of: "<!ENTITY", in: data, limit: window) else { return nil }
        let excerpt = data[data.startIndex + hit..<data.startIndex + min(data.count, hit + 60)]
        return String(decoding: excerpt, as: UTF8.self).split(separator: "\n").first.map(String.init)
    }

    /// Counts nodes and depth without recursion.
    private static func checkShape(_ tree: XMLTree, limits: XMLLimits) throws {
        guard let root = xmlDocGetRootElement(tree.doc) else { throw ParseError(.xmlMalformed, "the XML has no root element") }
        var stack: [(xmlNodePtr, Int)] = [(root, 1)]
        var nodes = 0
        while let (node, depth) = stack.popLast() {
            nodes += 1
            if nodes > limits.maxNodes { throw ParseError(.xmlLimit, "the XML has more than \(limits.maxNodes) nodes") }
            if depth > limits.maxDepth { throw ParseError(.xmlLimit, "the XML is nested deeper than \(limits.maxDepth) levels") }
            if node.pointee.type == XML_ENTITY_REF_NODE {
                throw ParseError(.xmlForbidden, "the document references an entity; Docket never expands entities")
            }
            var child = node.pointee.children
            while let current = child {
                stack.append((current, depth + 1))
                child = current.pointee.next
            }
        }
    }

    /// The document's text: each non-empty text node on its own line, trimmed. Built as bytes
    /// and decoded once: per-node Foundation trimming was a visible share of the XML path.
    public static func text(of tree: XMLTree) -> String {
        guard let root = xmlDocGetRootElement(tree.doc) else { return "" }
        var output: [UInt8] = []
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                let length = strlen(content)
                var start = 0, end = length
                while start < end && isSpace(content[start]) { start += 1 }
                while end > start && isSpace(content[end - 1]) { end -= 1 }
                if end > start {
                    if !output.isEmpty { output.append(0x0A) }
                    output.append(contentsOf: UnsafeBufferPointer(start: content + start, count: end - start))
                }
            }
            // Push children last-first so they pop in document order, with no array per node.
            var child = node.pointee.last
            while let current = child {
                stack.append(current)
                child = current.pointee.prev
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

/// Receives libxml2's structured errors during one parse.
final class ErrorCollector {
    var warnings: [String] = []
    var fatalError: ParseError?

    func record(_ error: xmlError) {
        let message = error.message.map { oneLine(String(cString: $0)) } ?? "XML error"
        let located = "line \(error.line): \(message)"
        if error.level == XML_ERR_FATAL {
            guard fatalError == nil else { return }
            if message.contains("Excessive depth") || message.contains("huge") {
                fatalError = ParseError(.xmlLimit, "the XML exceeds libxml2's safety limits (\(located))")
            } else if message.contains("not proper UTF-8") || message.contains("encoding") || error.code == Int32(XML_ERR_INVALID_CHAR.rawValue) {
                fatalError = ParseError(.encoding, "the XML is not valid in its declared encoding (\(located))")
            } else if message.contains("entity reference loop") || message.contains("amplification") {
                fatalError = ParseError(.xmlForbidden, "the XML uses entities (\(located))")
            } else {
                fatalError = ParseError(.xmlMalformed, "the XML is not well-formed (\(located))")
            }
        } else if warnings.count < 20 {
            warnings.append(located)
        }
    }
}
