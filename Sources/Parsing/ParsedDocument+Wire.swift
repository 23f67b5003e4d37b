import Foundation

/// The binary form a parser child sends its parent: fixed-width little-endian numbers and
/// length-prefixed UTF-8, in field order. Foundation's JSON coders cost more than poppler
/// itself on plain one-page PDFs (isolation overhead 35% with JSON); the words of a page are
/// most of the bytes, and here each is five doubles, a flag and a string.
///
/// The parent reads bytes written by a process that has just parsed a hostile file, so every
/// length and count is checked against what is left: a malformed reply is an error, never a
/// crash or a huge allocation.
extension ParsedDocument {
    static let wireVersion: UInt8 = 4

    func wireEncoded() -> Data {
        var w = WireWriter()
        w.byte(Self.wireVersion)
        w.string(format.rawValue)
        w.optionalString(metadata.title); w.optionalString(metadata.author); w.optionalString(metadata.producer)
        w.optionalString(metadata.creator); w.optionalString(metadata.created); w.optionalString(metadata.modified)
        w.int(metadata.pageCount); w.bool(metadata.encrypted); w.optionalString(metadata.encoding)
        w.int(pages.count)
        for page in pages {
            w.int(page.number); w.double(page.width); w.double(page.height)
            w.bool(page.rotation != nil); w.int(page.rotation ?? 0)
            w.string(page.text); w.bool(page.needsOCR); w.bool(page.ocr == true)
            w.int(page.words.count)
            for word in page.words {
                w.string(word.text)
                w.double(word.x0); w.double(word.y0); w.double(word.x1); w.double(word.y1)
                w.double(word.fontSize); w.bool(word.bold)
            }
        }
        w.string(text)
        w.json(standard)
        w.int(attachments.count)
        for attachment in attachments {
            w.string(attachment.name); w.optionalString(attachment.mime); w.int(attachment.size); w.json(attachment.standard)
        }
        w.int(formFields.count)
        for field in formFields {
            w.string(field.name); w.string(field.value); w.optionalString(field.label); w.int(field.page)
            for v in field.bbox.padded(to: 4) { w.double(v) }
        }
        w.int(warnings.count)
        for warning in warnings { w.string(warning) }
        return w.data
    }

    init(wire data: Data) throws {
        // Read over the raw bytes: slicing Data for every word's string was most of the cost.
        self = try data.withUnsafeBytes { raw in try Self.decode(WireReader(bytes: raw)) }
    }

    private static func decode(_ reader: WireReader) throws -> ParsedDocument {
        var r = reader
        guard try r.byte() == Self.wireVersion else { throw r.malformed("unknown version") }
        guard let format = Format(rawValue: try r.string()) else { throw r.malformed("unknown format") }
        var metadata = Metadata()
        metadata.title = try r.optionalString(); metadata.author = try r.optionalString(); metadata.producer = try r.optionalString()
        metadata.creator = try r.optionalString(); metadata.created = try r.optionalString(); metadata.modified = try r.optionalString()
        metadata.pageCount = try r.int(); metadata.encrypted = try r.bool(); metadata.encoding = try r.optionalString()
        // Each page takes at least 31 bytes and each word 41, so no count can claim more than that.
        let pages = try (0..<r.count(atLeast: 31)).map { _ -> Page in
            let number = try r.int(), width = try r.double(), height = try r.double()
            let hasRotation = try r.bool(), rotation = try r.int()
            let text = try r.string(), needsOCR = try r.bool(), ocr = try r.bool()
            let words = try (0..<r.count(atLeast: 41)).map { _ in
                Word(text: try r.string(), x0: try r.double(), y0: try r.double(), x1: try r.double(), y1: try r.double(),
                     fontSize: try r.double(), bold: try r.bool())
            }
            return Page(number: number, width: width, height: height, rotation: hasRotation ? rotation : nil,
                        text: text, words: words, needsOCR: needsOCR, ocr: ocr ? true : nil)
        }
        let text = try r.string()
        let standard = try r.json()
        let attachments = try (0..<r.count(atLeast: 13)).map { _ in
            Attachment(name: try r.string(), mime: try r.optionalString(), size: try r.int(), standard: try r.json())
        }
        let fields = try (0..<r.count(atLeast: 57)).map { _ in
            FormField(name: try r.string(), value: try r.string(), label: try r.optionalString(), page: try r.int(),
                      bbox: [try r.double(), try r.double(), try r.double(), try r.double()])
        }
        let warnings = try (0..<r.count(atLeast: 4)).map { _ in try r.string() }
        guard r.atEnd else { throw r.malformed("trailing bytes") }
        return ParsedDocument(format: format, metadata: metadata, pages: pages, text: text, standard: standard,
                              attachments: attachments, formFields: fields, warnings: warnings)
    }
}

/// Writes a reply into a byte array (Data's per-append bookkeeping cost more than the bytes).
struct WireWriter {
    var bytes: [UInt8] = []
    var data: Data { Data(bytes) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func double(_ value: Double) { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func length(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) } }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            length(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    /// `standard` values as tagged binary: keys keep their order and numbers their decimal
    /// text, and nothing goes through JSONEncoder (a third of the isolation cost on e-invoices).
    mutating func json(_ value: JSONValue?) {
        bool(value != nil)
        if let value { jsonValue(value) }
    }

    private mutating func jsonValue(_ value: JSONValue) {
        switch value {
        case .null: byte(JSONTag.null.rawValue)
        case .bool(let b): byte(b ? JSONTag.true.rawValue : JSONTag.false.rawValue)
        case .string(let s): byte(JSONTag.string.rawValue); string(s)
        case .number(let s): byte(JSONTag.number.rawValue); string(s)
        case .array(let items):
            byte(JSONTag.array.rawValue); int(items.count)
            for item in items { jsonValue(item) }
        case .object(let pairs):
            byte(JSONTag.object.rawValue); int(pairs.count)
            for (key, item) in pairs { string(key); jsonValue(item) }
        }
    }
}

enum JSONTag: UInt8 {
    case null, `false`, `true`, string, number, array, object
}

/// Reads a reply in place; valid only inside the `withUnsafeBytes` that made `bytes`.
struct WireReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    func malformed(_ what: String) -> ParseError {
        ParseError(.internalError, "the parser process sent a malformed reply (\(what) at byte \(offset))")
    }

    mutating func take(_ count: Int) throws -> Range<Int> {
        guard count >= 0, count <= bytes.count - offset else { throw malformed("\(count) bytes past the end") }
        let start = offset
        offset += count
        return start..<(start + count)
    }

    mutating func byte() throws -> UInt8 { bytes[try take(1).lowerBound] }
    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw malformed("a flag that is neither 0 nor 1")
        }
    }
    mutating func int() throws -> Int { Int(Int64(littleEndian: try load(Int64.self, 8))) }
    mutating func double() throws -> Double { Double(bitPattern: UInt64(littleEndian: try load(UInt64.self, 8))) }
    mutating func length() throws -> Int { Int(UInt32(littleEndian: try load(UInt32.self, 4))) }

    private mutating func load<T>(_ type: T.Type, _ size: Int) throws -> T {
        let range = try take(size)
        return bytes.loadUnaligned(fromByteOffset: range.lowerBound, as: T.self)
    }

    mutating func string() throws -> String {
        let range = try take(try length())
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func optionalString() throws -> String? { try bool() ? try string() : nil }

    /// Nesting deeper than this is refused: the reply comes from a process that has just read
    /// a hostile file, and each level is a stack frame here.
    static let maxJSONDepth = 200

    mutating func json() throws -> JSONValue? {
        guard try bool() else { return nil }
        return try jsonValue(depth: 0)
    }

    private mutating func jsonValue(depth: Int) throws -> JSONValue {
        guard depth < Self.maxJSONDepth else { throw malformed("standard nested over \(Self.maxJSONDepth) levels") }
        guard let tag = JSONTag(rawValue: try byte()) else { throw malformed("an unknown standard value tag") }
        switch tag {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .string: return .string(try string())
        case .number: return .number(try string())
        case .array: return .array(try (0..<count(atLeast: 1)).map { _ in try jsonValue(depth: depth + 1) })
        case .object: return .object(try (0..<count(atLeast: 5)).map { _ in (try string(), try jsonValue(depth: depth + 1)) })
        }
    }

    /// A count of items that each take at least `minimumBytes`: refused when what is left
    /// could not hold that many, so a forged count cannot make a huge allocation.
    mutating func count(atLeast minimumBytes: Int) throws -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / minimumBytes else { throw malformed("a count of \(n)") }
        return n
    }
}

private extension Array where Element == Double {
    /// Exactly `count` values: cut, or filled with zeros.
    func padded(to count: Int) -> [Double] { Array(prefix(count)) + [Double](repeating: 0, count: Swift.max(0, count - self.count)) }
}
