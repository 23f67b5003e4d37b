import DocketSupport
import DocketTestSupport
import Foundation
import Testing

@Suite struct ParseCommandTests {
    let docket = Repository.docketBinary
    let fixtures = Repository.root + "/Tests/Fixtures/"

    func lines(_ output: ProcessOutput) throws -> [[String: Any]] {
        try output.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func oneObjectPerFileInOrderAndFailuresDoNotStopTheRest() throws {
        let empty = NSTemporaryDirectory() + "empty-\(UUID().uuidString.prefix(6)).txt"
        FileManager.default.createFile(atPath: empty, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let files = [fixtures + "xml/pain001_two_payments.xml", fixtures + "hostile/xxe_file.xml", empty,
                     Repository.shared + "/corpus/invoices/mustang_weclapp_re1001.pdf", "/nonexistent/file.pdf"]
        let output = try ProcessRunner.run(docket, ["parse"] + files)
        #expect(output.status == 1)
        let objects = try lines(output)
        #expect(objects.count == files.count)
        #expect(objects.map { $0["file"] as? String } == files)
        #expect((objects[0]["standard"] as? [String: Any])?["message"] as? String == "pain.001.001.09")
        #expect((objects[1]["error"] as? [String: Any])?["code"] as? String == "xml_forbidden")
        #expect((objects[2]["error"] as? [String: Any])?["code"] as? String == "empty")
        #expect(objects[3]["format"] as? String == "pdf")
        let pages = try #require(objects[3]["pages"] as? [[String: Any]])
        let words = try #require(pages.first?["words"] as? [[String: Any]])
        #expect(words.contains { $0["text"] as? String == "RE1001" })
        #expect(words.allSatisfy { $0["x0"] != nil && $0["font_size"] != nil && $0["bold"] != nil })
        #expect((objects[4]["error"] as? [String: Any])?["code"] as? String != nil)
        #expect(output.stderr.split(separator: "\n").count == 3, "one line per failed file")
    }

    /// PDF/A files (ZUGFeRD invoices) name a colour profile that poppler turns into colour
    /// transforms on every page; Docket replaces them with a link that converts nothing. The
    /// text, boxes, fonts and forms must be exactly what poppler reads with real colour management.
    @Test func theTextOnlyColourLinkChangesNothingPopplerReads() throws {
        let corpus = Repository.shared + "/corpus/invoices/"
        let files = ["mustang_bc_invoice_103767.pdf", "mustang_kraxi_2014-03.pdf", "mustang_weclapp_re1001.pdf"].map { corpus + $0 }
        let fast = try ProcessRunner.run(docket, ["parse"] + files)
        let full = try ProcessRunner.run(docket, ["parse"] + files, environment: ProcessInfo.processInfo.environment.merging(["DOCKET_PDF_COLOR": "lcms"]) { $1 })
        #expect(fast.status == 0 && full.status == 0)
        let objects = try lines(fast)
        #expect(objects.count == files.count)
        for object in objects {
            let pages = try #require(object["pages"] as? [[String: Any]])
            #expect(pages.contains { ($0["words"] as? [Any])?.count ?? 0 > 50 }, "a real text layer was read")
        }
        #expect(fast.stdout == full.stdout)
    }

    @Test func textFormatPrintsThePlainText() throws {
        let output = try ProcessRunner.run(docket, ["parse", "--format", "text", fixtures + "xml/generic_undeclared_prefix.xml"])
        #expect(output.status == 0)
        #expect(output.stdout == "A-100\n3\n")
    }

    @Test func aHugeFileIsRefusedBeforeItIsRead() throws {
        let path = NSTemporaryDirectory() + "huge-\(UUID().uuidString.prefix(6)).xml"
        FileManager.default.createFile(atPath: path, contents: Data("<a>".utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 200 << 20)  // 200 MB, sparse: nothing is really written
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try ProcessRunner.run(docket, ["parse", path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("\"too_large\""))
    }
}
