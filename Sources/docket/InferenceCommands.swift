import ArgumentParser
import DocketSupport
import Foundation
import Inference

/// `--model`, shared by the inference commands.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A Hugging Face BERT folder (config.json, vocab.txt, model.safetensors) or a BERT .gguf file. Default: all-MiniLM-L6-v2 in the models/ folder Docket finds (see README).",
        valueName: "path"))
    var model: String?

    func folder() throws -> String {
        if let model { return model }
        return (try ResourceLocator().locate(.models) as NSString).appendingPathComponent("all-MiniLM-L6-v2")
    }
}

/// Reads standard input line by line as bytes, so invalid UTF-8 is replaced and reported
/// instead of stopping the read.
func readInputLines(warn: (String) -> Void) -> [String] {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    var lines: [String] = []
    var warned = false
    for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
        var bytes = Array(raw)
        if bytes.last == 0x0D { bytes.removeLast() }
        if String(validatingUTF8: bytes.map { CChar(bitPattern: $0) } + [0]) == nil && !warned {
            warn("input line \(lines.count + 1) is not valid UTF-8; invalid bytes were replaced")
            warned = true
        }
        lines.append(String(decoding: bytes, as: UTF8.self))
    }
    if data.last == 0x0A { lines.removeLast() }
    return lines
}

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of each input line as a JSON array per line.",
        discussion: "BERT models (WordPiece) add [CLS] and [SEP]; a folder whose tokenizer.json is byte-level BPE (GPT-2, Llama 3, Qwen) gives its plain ids.")
    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "Longest output in tokens, special tokens included (WordPiece).") var maxLength = 512

    func run() throws {
        let encode: (String) -> [Int32]
        do {
            let folder = try modelOptions.folder()
            let json = (folder as NSString).appendingPathComponent("tokenizer.json")
            if let data = FileManager.default.contents(atPath: json), String(decoding: data, as: UTF8.self).contains("\"ByteLevel\"") {
                let bpe = try ByteLevelBPETokenizer(file: json)
                encode = { bpe.encode($0) }
            } else {
                let wordPiece = try WordPieceTokenizer.forModel(folder)
                let limit = maxLength
                encode = { wordPiece.encode($0, maxLength: limit).ids }
            }
        } catch let error as InferenceError {
            throw SupportError(code: error.code, message: error.message)
        }
        for line in readInputLines(warn: { printError("docket: \($0)") }) {
            print("[" + encode(line).map(String.init).joined(separator: ",") + "]")
        }
    }
}

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the sentence embedding of each input line as a JSON array of floats, in order.",
        discussion: "Texts longer than the model's limit (256 tokens for all-MiniLM-L6-v2) are truncated, and that is said once on stderr.")
    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "Lines embedded at once (spread over the CPU's cores).") var batch = 64
    @Flag(help: "At the end, print texts, tokens, tokens/s and peak resident memory on stderr.") var stats = false

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
    }

    func run() throws {
        let encoder: BertEncoder
        do {
            encoder = try BertEncoder(folder: try modelOptions.folder())
        } catch let error as InferenceError {
            throw SupportError(code: error.code, message: error.message)
        }
        let lines = readInputLines(warn: { printError("docket: \($0)") })
        var warnedTruncation = false
        var start = 0, tokens = 0
        let began = Date()
        while start < lines.count {
            let chunk = Array(lines[start..<min(start + batch, lines.count)])
            let encodings = chunk.map { encoder.tokenizer.encode($0, maxLength: encoder.maxTokens) }
            if !warnedTruncation, let index = encodings.firstIndex(where: \.truncated) {
                printError("docket: line \(start + index + 1) has \(encodings[index].untruncatedCount) tokens; texts are truncated to \(encoder.maxTokens)")
                warnedTruncation = true
            }
            let vectors = encoder.embed(batch: encodings.map(\.ids), threads: ProcessInfo.processInfo.activeProcessorCount)
            for vector in vectors {
                print("[" + vector.map { String($0) }.joined(separator: ",") + "]")
            }
            tokens += encodings.reduce(0) { $0 + $1.ids.count }
            start += batch
        }
        if stats {
            let seconds = Date().timeIntervalSince(began)
            let peak = peakResidentKB().map { "\($0 / 1024) MB" } ?? "unknown"
            printError(String(format: "docket: embedded %d texts, %d tokens in %.2f s (%.0f tokens/s); peak resident memory %@",
                              lines.count, tokens, seconds, Double(tokens) / max(seconds, 1e-9), peak as NSString))
        }
    }

    /// VmHWM from /proc/self/status: this process's peak resident set, in kB.
    func peakResidentKB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
}


struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Write a BERT model as GGUF (llama.cpp's tensor names and metadata), with its matrices in F16, Q8_0 or Q4_0.",
        discussion: "Biases, layer norms and position embeddings stay F32. Q4_0 costs all-MiniLM-L6-v2 noticeable accuracy; Q8_0 or F16 are the sensible choices.")
    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "Output file (.gguf).") var out: String
    @Option(help: "f32, f16, q8_0 or q4_0.") var type: String = "q8_0"

    func run() throws {
        let types: [String: GGMLType] = ["f32": .f32, "f16": .f16, "q8_0": .q8_0, "q4_0": .q4_0]
        guard let ggml = types[type.lowercased()] else { throw ValidationError("--type must be f32, f16, q8_0 or q4_0") }
        do {
            let result = try BertEncoder.quantize(folder: try modelOptions.folder(), to: out, type: ggml)
            print("wrote \(out): \(result.tensors) tensors, \(result.bytes / 1_048_576) MB (\(type.uppercased()) matrices)")
        } catch let error as InferenceError {
            throw SupportError(code: error.code, message: error.message)
        }
    }
}
