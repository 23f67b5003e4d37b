import Foundation

/// Where a BERT model's weights and vocabulary come from: a Hugging Face folder
/// (config.json, vocab.txt, model.safetensors) or a GGUF file with llama.cpp's BERT names.
/// Tensors are asked for by their Hugging Face names: vectors as F32, matrices ([out][in])
/// in place in their stored format.
protocol BertWeightSource {
    var config: BertConfig { get }
    var vocabulary: [String: Int32] { get }
    func floats(_ name: String, _ shape: [Int]) throws -> [Float]
    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix
}

struct SafeTensorsBertSource: BertWeightSource {
    let config: BertConfig
    let vocabulary: [String: Int32]
    let file: SafeTensorsFile

    init(folder: String) throws {
        config = try BertConfig(folder: folder)
        vocabulary = try WordPieceTokenizer(folder: folder).vocabulary
        let path = (folder as NSString).appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: path) else {
            throw InferenceError("model_incomplete", "\(path) is missing; a BERT model folder needs model.safetensors")
        }
        file = try SafeTensorsFile(path: path)
    }

    func floats(_ name: String, _ shape: [Int]) throws -> [Float] {
        try tensor(name, shape).floats()
    }

    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
        try WeightMatrix(tensor(name, [rows, columns]))
    }

    private func tensor(_ name: String, _ shape: [Int]) throws -> TensorView {
        // Plain exports name tensors "embeddings.…"; full BertModel checkpoints prefix "bert.".
        file.tensors[name] != nil ? try file.tensor(name, shape: shape) : try file.tensor("bert." + name, shape: shape)
    }
}

/// llama.cpp's names for BERT tensors, and its "phantom space" vocabulary: `▁word` starts a
/// word, a bare piece continues one (`##piece` in vocab.txt), `[X]` tokens are special.
enum LlamaBertNames {
    static func gguf(_ hf: String) -> String {
        let fixed = [
            "embeddings.word_embeddings.weight": "token_embd.weight",
            "embeddings.position_embeddings.weight": "position_embd.weight",
            "embeddings.token_type_embeddings.weight": "token_types.weight",
            "embeddings.LayerNorm.weight": "token_embd_norm.weight",
            "embeddings.LayerNorm.bias": "token_embd_norm.bias",
        ]
        if let name = fixed[hf] { return name }
        let parts = hf.split(separator: ".")  // encoder.layer.N.<rest>
        guard parts.count >= 4, parts[0] == "encoder", parts[1] == "layer" else { return hf }
        let rest = parts[3...].joined(separator: ".")
        let map = [
            "attention.self.query": "attn_q", "attention.self.key": "attn_k", "attention.self.value": "attn_v",
            "attention.output.dense": "attn_output", "attention.output.LayerNorm": "attn_output_norm",
            "intermediate.dense": "ffn_up", "output.dense": "ffn_down", "output.LayerNorm": "layer_output_norm",
        ]
        for (from, to) in map where rest.hasPrefix(from + ".") {
            return "blk.\(parts[2]).\(to).\(rest.dropFirst(from.count + 1))"
        }
        return hf
    }

    /// The tokens llama.cpp's converter writes bare and marks as control tokens (type 3).
    static let specialTokens: Set<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    static func phantom(_ token: String) -> String {
        if specialTokens.contains(token) { return token }
        if token.hasPrefix("##") { return String(token.dropFirst(2)) }
        return "\u{2581}" + token
    }

    static func unphantom(_ token: String) -> String {
        if token.hasPrefix("[") && token.hasSuffix("]") { return token }
        if token.hasPrefix("\u{2581}") { return String(token.dropFirst()) }
        return "##" + token
    }
}

struct GGUFBertSource: BertWeightSource {
    let config: BertConfig
    let vocabulary: [String: Int32]
    let file: GGUFFile

    init(path: String) throws {
        let loaded = try GGUFFile(path: path)
        let meta = loaded.metadata
        guard meta["general.architecture"]?.stringValue == "bert" else {
            throw InferenceError("model_config", "\(path) is not a BERT model (general.architecture is \(meta["general.architecture"]?.stringValue ?? "missing"))")
        }
        func int(_ key: String) throws -> Int {
            guard let value = meta["bert." + key]?.intValue, value > 0 else {
                throw InferenceError("model_config", "\(path) lacks bert.\(key)")
            }
            return value
        }
        guard case .array(let tokens)? = meta["tokenizer.ggml.tokens"] else {
            throw InferenceError("model_config", "\(path) has no tokenizer.ggml.tokens")
        }
        var vocabulary: [String: Int32] = [:]
        for (index, token) in tokens.enumerated() {
            if let text = token.stringValue, vocabulary[LlamaBertNames.unphantom(text)] == nil {
                vocabulary[LlamaBertNames.unphantom(text)] = Int32(index)
            }
        }
        var epsilon: Float = 1e-12
        if case .float(let e)? = meta["bert.attention.layer_norm_epsilon"] { epsilon = Float(e) }
        let config = BertConfig(vocabularySize: tokens.count, hidden: try int("embedding_length"), layers: try int("block_count"),
                                heads: try int("attention.head_count"), intermediate: try int("feed_forward_length"),
                                maxPositions: try int("context_length"), layerNormEpsilon: epsilon)
        self.file = loaded
        self.vocabulary = vocabulary
        self.config = config
    }

    func floats(_ name: String, _ shape: [Int]) throws -> [Float] {
        try tensor(name, shape).floats()
    }

    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
        WeightMatrix(try tensor(name, [rows, columns]))
    }

    private func tensor(_ name: String, _ shape: [Int]) throws -> GGUFTensor {
        let ggufName = LlamaBertNames.gguf(name)
        guard let tensor = file.tensors[ggufName] else { throw InferenceError("tensor_missing", "\(file.file.path) has no tensor \(ggufName)") }
        guard tensor.dimensions == shape.reversed() else {
            throw InferenceError("tensor_shape", "tensor \(ggufName) has ggml dimensions \(tensor.dimensions), expected \(Array(shape.reversed()))")
        }
        return tensor
    }
}

extension BertEncoder {
    /// Writes this model's weights as a GGUF with llama.cpp's BERT names and metadata.
    /// Matrices are stored as `type`; biases, norms and position/type embeddings stay F32.
    public static func quantize(folder: String, to path: String, type: GGMLType) throws -> (tensors: Int, bytes: Int) {
        let source = try SafeTensorsBertSource(folder: folder)
        let c = source.config, h = c.hidden, f = c.intermediate
        let writer = GGUFWriter()
        writer.add("general.architecture", .string("bert"))
        writer.add("general.name", .string((folder as NSString).lastPathComponent))
        writer.add("general.file_type", .uint32(type == .f32 ? 0 : type == .f16 ? 1 : type == .q8_0 ? 7 : type == .q4_0 ? 2 : 32))
        writer.add("bert.context_length", .uint32(UInt32(c.maxPositions)))
        writer.add("bert.embedding_length", .uint32(UInt32(h)))
        writer.add("bert.feed_forward_length", .uint32(UInt32(f)))
        writer.add("bert.block_count", .uint32(UInt32(c.layers)))
        writer.add("bert.attention.head_count", .uint32(UInt32(c.heads)))
        writer.add("bert.attention.layer_norm_epsilon", .float32(c.layerNormEpsilon))
        writer.add("bert.attention.causal", .bool(false))
        writer.add("bert.pooling_type", .uint32(1))  // mean
        let ordered = source.vocabulary.sorted { $0.value < $1.value }
        guard ordered.enumerated().allSatisfy({ $0.offset == Int($0.element.value) }) else {
            throw InferenceError("quantize", "the vocabulary has gaps; cannot write it as a token list")
        }
        // The keys and token types llama.cpp's converter writes for an uncased WordPiece BERT;
        // llama.cpp refuses a BERT without token_type_count.
        writer.add("general.quantization_version", .uint32(2))
        writer.add("tokenizer.ggml.model", .string("bert"))
        writer.add("tokenizer.ggml.pre", .string("jina-v2-en"))
        writer.add("tokenizer.ggml.tokens", .strings(ordered.map { LlamaBertNames.phantom($0.key) }))
        writer.add("tokenizer.ggml.token_type", .int32s(ordered.map { LlamaBertNames.specialTokens.contains($0.key) ? 3 : 1 }))
        writer.add("tokenizer.ggml.token_type_count", .uint32(2))
        writer.add("tokenizer.ggml.normalizer.lowercase", .bool(true))
        writer.add("tokenizer.ggml.add_bos_token", .bool(true))
        writer.add("tokenizer.ggml.add_eos_token", .bool(true))
        writer.add("tokenizer.ggml.add_sep_token", .bool(false))
        for (key, token) in [("bos", "[CLS]"), ("eos", "[SEP]"), ("cls", "[CLS]"), ("seperator", "[SEP]"), ("padding", "[PAD]"),
                             ("unknown", "[UNK]"), ("mask", "[MASK]")] {
            if let id = source.vocabulary[token] { writer.add("tokenizer.ggml.\(key)_token_id", .uint32(UInt32(id))) }
        }
        var count = 0
        func put(_ name: String, _ shape: [Int], matrix: Bool) throws {
            let values = try source.floats(name, shape)
            let chosen = matrix && shape.last! % type.blockElements == 0 ? type : .f32
            try writer.add(tensor: LlamaBertNames.gguf(name), values: values, shape: shape, type: chosen)
            count += 1
        }
        try put("embeddings.word_embeddings.weight", [c.vocabularySize, h], matrix: true)
        try put("embeddings.position_embeddings.weight", [c.maxPositions, h], matrix: false)
        try put("embeddings.token_type_embeddings.weight", [2, h], matrix: false)
        try put("embeddings.LayerNorm.weight", [h], matrix: false)
        try put("embeddings.LayerNorm.bias", [h], matrix: false)
        for l in 0..<c.layers {
            let p = "encoder.layer.\(l)."
            for (name, out, inp) in [("attention.self.query", h, h), ("attention.self.key", h, h), ("attention.self.value", h, h),
                                     ("attention.output.dense", h, h), ("intermediate.dense", f, h), ("output.dense", h, f)] {
                try put(p + name + ".weight", [out, inp], matrix: true)
                try put(p + name + ".bias", [out], matrix: false)
            }
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                try put(p + norm + ".weight", [h], matrix: false)
                try put(p + norm + ".bias", [h], matrix: false)
            }
        }
        try writer.write(to: path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return (count, size)
    }
}

extension WordPieceTokenizer {
    /// The tokenizer of a Hugging Face folder (vocab.txt) or a BERT GGUF (its token list).
    public static func forModel(_ path: String) throws -> WordPieceTokenizer {
        path.lowercased().hasSuffix(".gguf")
            ? try WordPieceTokenizer(vocabulary: try GGUFBertSource(path: path).vocabulary)
            : try WordPieceTokenizer(folder: path)
    }
}
