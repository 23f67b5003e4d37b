import DocketTestSupport
import Foundation
import Testing
@testable import Inference

@Suite struct GGUFTests {
    static let fixture = Repository.root + "/Tests/Fixtures/gguf/reference.gguf"

    struct Expected: Decodable { var type: UInt32; var shape: [Int]; var values: [Float] }

    @Test func blockSizesAreGGMLs() {
        #expect(GGMLType.q8_0.blockElements == 32 && GGMLType.q8_0.blockBytes == 34)
        #expect(GGMLType.q4_0.blockElements == 32 && GGMLType.q4_0.blockBytes == 18)
        #expect(GGMLType.f16.blockBytes == 2 && GGMLType.bf16.blockBytes == 2 && GGMLType.f32.blockBytes == 4)
        #expect(GGMLType.q4_K.blockElements == 256 && GGMLType.q4_K.blockBytes == 144)
        #expect(GGMLType.q6_K.blockElements == 256 && GGMLType.q6_K.blockBytes == 210)
    }

    /// A file written by the `gguf` package (scripts/fixtures/make_gguf_fixture.py), read back and
    /// dequantized to the values that package's own dequantize() gives.
    @Test func readsAFileWrittenByTheReferenceWriter() throws {
        let file = try GGUFFile(path: Self.fixture)
        #expect(file.version == 3)
        #expect(file.metadata["general.name"]?.stringValue == "docket-fixture")
        #expect(file.metadata["general.architecture"]?.stringValue == "bert")
        #expect(file.metadata["docket.test.count"]?.intValue == 4)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/Tests/Fixtures/gguf/reference.json"))
        let expected = try JSONDecoder().decode([String: Expected].self, from: data)
        #expect(file.tensors.count == expected.count)
        for (name, reference) in expected {
            let tensor = try #require(file.tensors[name], "\(name)")
            #expect(tensor.type.rawValue == reference.type)
            #expect(tensor.dimensions == reference.shape.reversed(), "ggml order: innermost dimension first")
            let values = tensor.floats()
            #expect(values.count == reference.values.count)
            let worst = zip(values, reference.values).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-6, "\(name): worst difference \(worst)")
        }
    }

    /// A minimal GGUF written here: one tensor with the given raw fields, for forged headers.
    static func forged(type: UInt32, dims: [UInt64], offset: UInt64 = 0, dataBytes: Int = 64, version: UInt32 = 3) -> Data {
        var d = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func string(_ s: String) { u64(UInt64(s.utf8.count)); d.append(contentsOf: s.utf8) }
        u32(0x4655_4747); u32(version); u64(1); u64(1)
        string("general.architecture"); u32(8); string("bert")
        string("t"); u32(UInt32(dims.count)); dims.forEach(u64); u32(type); u64(offset)
        while d.count % 32 != 0 { d.append(0) }
        d.append(Data(count: dataBytes))
        return d
    }

    func load(_ data: Data) throws -> GGUFFile {
        let path = NSTemporaryDirectory() + "gguf-\(UUID().uuidString.prefix(8)).gguf"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try GGUFFile(path: path)
    }

    @Test func forgedFilesAreClearErrors() throws {
        #expect(try load(Self.forged(type: 0, dims: [16])).tensors["t"]?.floats().count == 16)
        func message(_ data: Data) -> String? {
            do { _ = try load(data); return nil } catch let error as InferenceError { return error.message } catch { return "\(error)" }
        }
        #expect(message(Self.forged(type: 13, dims: [256]))?.contains("Q5_K, which Docket does not read yet") == true)
        #expect(message(Self.forged(type: 99, dims: [16]))?.contains("unknown") == true)
        #expect(message(Self.forged(type: 0, dims: [17], dataBytes: 64)) != nil, "17 floats need 68 bytes")
        #expect(message(Self.forged(type: 8, dims: [33])) != nil, "not whole Q8_0 blocks")
        #expect(message(Self.forged(type: 8, dims: [16, 2]))?.contains("rows of 16 values") == true,
                "32 values make one block, but a row of 16 is not a whole block")
        #expect(message(Self.forged(type: 0, dims: [4], offset: 7)) != nil, "unaligned offset")
        #expect(message(Self.forged(type: 0, dims: [1 << 39, 1 << 39])) != nil, "overflow")
        #expect(message(Self.forged(type: 0, dims: [4], version: 9)) != nil)
        #expect(message(Data("GGML".utf8)) != nil)
    }

    /// Every truncation and 500 random corruptions of the reference file: an error, or tensors
    /// that all lie inside the file. Never a crash.
    @Test func fuzzedFilesNeverCrash() throws {
        let valid = try Data(contentsOf: URL(fileURLWithPath: Self.fixture))
        for cut in stride(from: 0, to: valid.count, by: 3) {
            if let file = try? load(valid.prefix(cut)) { for t in file.tensors.values { _ = t.floats() } }
        }
        var random = SeededRandom(state: 11)
        for _ in 0..<500 {
            var bytes = [UInt8](valid)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let file = try? load(Data(bytes)) {
                for tensor in file.tensors.values {
                    #expect(tensor.bytes.count == tensor.elementCount / tensor.type.blockElements * tensor.type.blockBytes)
                    _ = tensor.floats()
                }
            }
        }
    }
}
