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

    /// Weights are read in place from the mapped file and activations are chunked, so a batch
    /// of 64 × 128 tokens peaks under the model file's size + 128 MB, for F32 and for Q8_0.
    @Test func embeddingABatchStaysWithinModelSizePlus128MB() throws {
        let words = ["bank", "patient", "claim", "statement", "balance", "account", "payment", "total", "date", "hospital"]  // one word piece each
        let lines = (0..<64).map { line in (0..<126).map { words[($0 * 7 + line) % words.count] }.joined(separator: " ") }
        let input = lines.joined(separator: "\n") + "\n"
        let q8 = NSTemporaryDirectory() + "rss-\(UUID().uuidString.prefix(6)).gguf"
        defer { try? FileManager.default.removeItem(atPath: q8) }
        #expect(try ProcessRunner.run(docket, ["quantize", "--out", q8, "--type", "q8_0"]).status == 0)
        let folder = Repository.root + "/models/all-MiniLM-L6-v2"
        for (model, file) in [(folder, folder + "/model.safetensors"), (q8, q8)] {
            let output = try run(["embed", "--model", model, "--batch", "64", "--stats"], input: input)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.split(separator: "\n").count == 64)
            #expect(output.stderr.contains("embedded 64 texts, 8192 tokens"), "\(output.stderr)")
            let modelMB = (try FileManager.default.attributesOfItem(atPath: file)[.size] as! NSNumber).intValue >> 20
            let peak = output.stderr.components(separatedBy: "peak resident memory ").last.flatMap { Int($0.prefix { $0.isNumber }) }
            #expect(peak != nil && peak! <= modelMB + 128, "\(model): \(output.stderr)")
            print("embed 64 x 128 tokens, \((model as NSString).lastPathComponent): \(output.stderr.trimmingCharacters(in: .newlines)), model file \(modelMB) MB")
        }
    }

    @Test func aMissingModelIsOneClearLine() throws {
        let output = try run(["embed", "--model", "/nonexistent/model"], input: "x\n")
        #expect(output.status == 1)
        #expect(output.stderr.contains("config.json"))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }
}
