import CLibXML2
import Foundation

/// The `<?xml … encoding="…"?>` declaration at the head of a document, and the one repair
/// Docket makes to it. Invoicing tools write names no standard knows: a Factur-X sample in
/// the ZUGFeRD test corpus declares `encoding="UTF-8-W/O-BOM"`, which breaks the declaration's
/// grammar (a name may not hold "/"), so libxml2 stops at line 1 and the whole invoice was
/// `xml_malformed` although every byte after it is plain UTF-8. When the declared name is not
/// one libxml2 can read and the bytes are valid UTF-8, the name is replaced by "UTF-8" and a
/// warning says so; anything else is left for libxml2 to judge.
enum XMLDeclaration {
    /// The declared encoding and the byte range of its value (without quotes), when the
    /// document starts with a declaration that has one.
    static func encoding(in data: Data) -> (name: String, range: Range<Int>)? {
        let head = Array(data.prefix(256))
        let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard head.count >= start + 5, Array(head[start..<start + 5]) == Array("<?xml".utf8),
              let end = ByteSearch.offset(of: "?>", in: data, limit: head.count),
              let attribute = ByteSearch.offset(of: "encoding", in: data, limit: end) else { return nil }
        var i = attribute + 8
        while i < end, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0A || head[i] == 0x0D || head[i] == UInt8(ascii: "=") { i += 1 }
        guard i < end, head[i] == UInt8(ascii: "\"") || head[i] == UInt8(ascii: "'") else { return nil }
        let quote = head[i]
        guard let close = head[(i + 1)..<end].firstIndex(of: quote) else { return nil }
        let name = String(decoding: head[(i + 1)..<close], as: UTF8.self)
        return (name, (data.startIndex + i + 1)..<(data.startIndex + close))
    }

    /// The document with its declared encoding replaced by UTF-8, and the warning to report,
    /// when the declared name is unreadable and the bytes are UTF-8; nil when nothing needs
    /// repair (or nothing can be repaired this way).
    static func repaired(_ data: Data) -> (data: Data, warning: String)? {
        guard let declared = encoding(in: data), !readable(declared.name),
              String(data: data, encoding: .utf8) != nil else { return nil }
        var fixed = data
        fixed.replaceSubrange(declared.range, with: Array("UTF-8".utf8))
        return (fixed, "the XML declaration names the encoding \"\(declared.name)\", which is not a readable encoding name; the document was read as UTF-8, which its bytes are")
    }

    /// Whether the name follows the declaration's grammar ([A-Za-z] ([A-Za-z0-9._] | '-')*)
    /// and libxml2 has a converter for it.
    static func readable(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, isLetter(first),
              bytes.allSatisfy({ isLetter($0) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 }) else { return false }
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }

}
