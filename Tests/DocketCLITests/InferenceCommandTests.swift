import DocketSupport
import DocketTestSupport
import Foundation
import Testing

@Suite struct InferenceCommandTests {
    let docket = Repository.docketBinary

    func run(_ arguments: [String], input: String) throws -> ProcessOutput {
        let path = NSTemporaryDirectory() + "stdin-\(UUID().uuidString.prefix(8)).txt"
        try input.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ProcessRunner.run("/bin/sh", ["-c", "exec \"$0\" \"$@\" < \"\(path)\"", docket] + arguments)
    }

    @Test func tokenizePrintsOneArrayPerLine() throws {
        let output = try run(["tokenize"], input: "hello\n\nHello, World!\n")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "[101,7592,102]\n[101,102]\n[101,7592,1010,2088,999,102]\n")
    }

    @Test func embedPrintsUnitVectorsInOrderAndWarnsOnceAboutTruncation() throws {
        let long = String(repeating: "statement ", count: 600)
        let output = try run(["embed", "--batch", "2"], input: "first line\nsecond line\n\(long)\nfirst line\n")
        #expect(output.status == 0, "\(output.stderr)")
        let vectors = try output.stdout.split(separator: "\n").map { try JSONDecoder().decode([Float].self, from: Data($0.utf8)) }
        #expect(vectors.count == 4)
        #expect(vectors.allSatisfy { $0.count == 384 && abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3 })
        #expect(vectors[0] == vectors[3], "same text, same vector, whatever its batch")
        #expect(vectors[0] != vectors[1])
        #expect(output.stderr.components(separatedBy: "truncated").count == 2, "said once: \(output.stderr)")
    }

    @Test func quantizeWritesAGGUFThatTokenizeAndEmbedRead() throws {
        let path = NSTemporaryDirectory() + "cli-\(UUID().uuidString.prefix(6)).gguf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try ProcessRunner.run(docket, ["quantize", "--out", path, "--type", "f16"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("101 tensors"))
        let ids = try run(["tokenize", "--model", path], input: "Hello, World!\n")
        #expect(ids.stdout == "[101,7592,1010,2088,999,102]\n")
        let vector = try run(["embed", "--model", path], input: "hello\n")
        #expect(try JSONDecoder().decode([Float].self, from: Data(vector.stdout.utf8)).count == 384)
        let bad = try ProcessRunner.run(docket, ["quantize", "--out", path, "--type", "q3"])
        #expect(bad.status == 2)
    }

    @Test func aMissingModelIsOneClearLine() throws {
        let output = try run(["embed", "--model", "/nonexistent/model"], input: "x\n")
        #expect(output.status == 1)
        #expect(output.stderr.contains("config.json"))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }
}
