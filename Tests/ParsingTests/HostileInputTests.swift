import DocketTestSupport
import Foundation
import Testing
@testable import Parsing

@Suite struct HostileInputTests {
    func code(_ data: Data, name: String = "x", limits: ParseLimits = ParseLimits()) -> String? {
        do {
            _ = try DocumentParser.parse(data, fileName: name, limits: limits)
            return nil
        } catch let error as ParseError {
            #expect(!error.message.contains("\n"), "one line: \(error.message)")
            return error.code
        } catch {
            return "unexpected \(error)"
        }
    }

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/Tests/Fixtures/hostile/" + name))
    }

    @Test func entitiesAreRefusedAndNothingIsFetched() throws {
        #expect(code(try fixture("xxe_file.xml")) == "xml_forbidden")
        #expect(code(try fixture("xxe_http.xml")) == "xml_forbidden")
        #expect(code(try fixture("billion_laughs.xml")) == "xml_forbidden")
        // An external DTD is neither loaded nor fatal.
        let external = try DocumentParser.parse(try fixture("external_dtd.xml"), fileName: "x.xml")
        #expect(external.warnings.contains { $0.contains("DOCTYPE was ignored") })
        #expect(external.text == "Tove")
    }

    @Test func malformedEncodingAndDepth() throws {
        #expect(code(try fixture("malformed.xml")) == "xml_malformed")
        #expect(code(try fixture("invalid_utf8.xml")) == "encoding")
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(code(Data(deep.utf8)) == "xml_limit")
        var tight = ParseLimits()
        tight.xml.maxNodes = 100
        let wide = "<r>" + String(repeating: "<i/>", count: 200) + "</r>"
        #expect(code(Data(wide.utf8), limits: tight) == "xml_limit")
    }

    @Test func sizeAndEmptiness() {
        var small = ParseLimits()
        small.maxBytes = 1000
        #expect(code(Data(repeating: 0x41, count: 1001), limits: small) == "too_large")
        #expect(code(Data()) == "empty")
    }

    @Test func formatsThatAreNotDocumentsAreUnsupported() {
        #expect(code(Data("GIF89a not really".utf8), name: "scan.pdf") == "unsupported_format")
        // JPEG, PNG and TIFF go to OCR: OCRTests.aDamagedImageIsCorruptAndAnImageOfNothingHasNoText.
        #expect(code(Data([0x50, 0x4B, 0x03, 0x04, 0, 0]), name: "letter.docx") == "unsupported_format")
        #expect(code(Data("From: a@b.example\nTo: c@d.example\nSubject: hi\n\nbody".utf8), name: "m.eml") == "unsupported_format")
    }

    @Test func everyCodeHasItsRetryableFlag() {
        #expect(ParseError.Code.timeout.retryable)
        for code in [ParseError.Code.encrypted, .corrupt, .unsupportedFormat, .tooLarge, .tooManyPages, .xmlForbidden, .xmlMalformed, .encoding, .empty] {
            #expect(!code.retryable, "\(code)")
        }
    }
}

@Suite struct TextDecodingTests {
    @Test func decodesAndNormalizes() {
        let decomposed = "Cafe\u{0301} bill"
        let utf8 = TextDecoder.decode(Data(decomposed.utf8))
        #expect(utf8.encoding == "utf-8")
        #expect(utf8.text == "Caf\u{E9} bill", "normalized to NFC")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("Zoë".data(using: .utf16LittleEndian)!)
        #expect(TextDecoder.decode(utf16) == ("Zoë", "utf-16le"))
        let latin1 = TextDecoder.decode(Data([0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]))
        #expect(latin1 == ("Müller", "iso-8859-1"))
        #expect(TextDecoder.decode(Data([0xEF, 0xBB, 0xBF, 0x41])) == ("A", "utf-8"))
    }

    @Test func plainTextDocuments() throws {
        let document = try DocumentParser.parse(Data("Invoice 42\nTotal: 10.00 EUR\n".utf8), fileName: "a.txt")
        #expect(document.format == .text)
        #expect(document.text.contains("Total: 10.00 EUR"))
        #expect(document.metadata.encoding == "utf-8")
    }
}
