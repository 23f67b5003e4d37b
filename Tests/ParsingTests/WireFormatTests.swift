import DocketSupport
import DocketTestSupport
import Foundation
import Testing
@testable import Parsing

/// The binary reply a parser child sends: the same document after a round trip, and a clear
/// error (never a crash or a huge allocation) for whatever a compromised child might send.
@Suite struct WireFormatTests {
    /// Canonical JSON of a document, for comparing two of them field by field.
    func json(_ document: ParsedDocument) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    func samples() throws -> [ParsedDocument] {
        let folder = PDFTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/invoice.pdf"
        try PDFTests.invoice(at: path)
        let invoice = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: "invoice.pdf")
        let real = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: Repository.shared + "/corpus/invoices/mustang_bc_invoice_103767.pdf")),
                                            fileName: "bc.pdf")
        var metadata = ParsedDocument.Metadata(pageCount: 1, encrypted: true)
        metadata.title = "Tïtle ✓"; metadata.encoding = "latin1"
        let handMade = ParsedDocument(
            format: .text, metadata: metadata,
            pages: [ParsedDocument.Page(number: 1, width: 595.5, height: -0.0, rotation: 90, text: "", words: [], needsOCR: true, ocr: true)],
            text: "emoji 🧾 and NUL \u{0}", standard: .object([("name", .string("generic")), ("n", .number("1.50"))]),
            attachments: [ParsedDocument.Attachment(name: "a.xml", mime: nil, size: 12, standard: nil)],
            formFields: [ParsedDocument.FormField(name: "Patient", value: "Ana"),
                         ParsedDocument.FormField(name: "f1_02", value: "12.50", label: "Box 1 ✓", page: 3, bbox: [1.5, 2, 300.25, 14])],
            warnings: ["w1", ""])
        return [invoice, real, handMade]
    }

    @Test func documentsSurviveTheRoundTrip() throws {
        for document in try samples() {
            let back = try ParsedDocument(wire: document.wireEncoded())
            #expect(try json(back) == json(document))
            // Key order and the decimal text of numbers survive too (JSON's sorted keys would hide a change).
            #expect(back.standard == document.standard)
            #expect(back.attachments.map(\.standard) == document.attachments.map(\.standard))
        }
    }

    @Test func malformedRepliesAreErrors() throws {
        let encoded = try samples()[0].wireEncoded()
        for cut in stride(from: 0, to: encoded.count, by: 7) {
            #expect(throws: ParseError.self) { try ParsedDocument(wire: encoded.prefix(cut)) }
        }
        var random = SeededRandom(state: 3)
        var decoded = 0
        for _ in 0..<500 {
            var bytes = [UInt8](encoded)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if (try? ParsedDocument(wire: Data(bytes))) != nil { decoded += 1 }
        }
        #expect(decoded < 500, "most corruptions are caught")
        // A page count of 2^40 in a reply of a few hundred bytes is refused before allocating.
        var w = WireWriter()
        w.byte(ParsedDocument.wireVersion); w.string("pdf")
        for _ in 0..<6 { w.optionalString(nil) }
        w.int(1); w.bool(false); w.optionalString(nil); w.int(1 << 40)
        #expect(throws: ParseError.self) { try ParsedDocument(wire: w.data) }
        #expect(throws: ParseError.self) { try ParsedDocument(wire: encoded + Data([0])) }
    }

    /// A standard nested thousands deep (each level a stack frame when read) is refused.
    @Test func deeplyNestedStandardsAreRefused() throws {
        var nested = JSONValue.string("leaf")
        for _ in 0..<5_000 { nested = .array([nested]) }
        let document = ParsedDocument(format: .xml, metadata: ParsedDocument.Metadata(pageCount: 0, encrypted: false), pages: [],
                                      text: "", standard: nested, attachments: [], formFields: [], warnings: [])
        #expect(throws: ParseError.self) { try ParsedDocument(wire: document.wireEncoded()) }
        var shallow = JSONValue.string("leaf")
        for _ in 0..<(WireReader.maxJSONDepth - 2) { shallow = .array([shallow]) }
        let fine = ParsedDocument(format: .xml, metadata: ParsedDocument.Metadata(pageCount: 0, encrypted: false), pages: [],
                                  text: "", standard: shallow, attachments: [], formFields: [], warnings: [])
        #expect(try ParsedDocument(wire: fine.wireEncoded()).standard == shallow)
    }
}
