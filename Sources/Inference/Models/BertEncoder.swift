import Foundation

/// BERT hyper-parameters, from the model folder's config.json.
public struct BertConfig: Sendable, Equatable {
    public var vocabularySize: Int
    public var hidden: Int
    public var layers: Int
    public var heads: Int
    public var intermediate: Int
    public var maxPositions: Int
    public var layerNormEpsilon: Float

    public init(vocabularySize: Int, hidden: Int, layers: Int, heads: Int, intermediate: Int, maxPositions: Int, layerNormEpsilon: Float) {
        (self.vocabularySize, self.hidden, self.layers, self.heads) = (vocabularySize, hidden, layers, heads)
        (self.intermediate, self.maxPositions, self.layerNormEpsilon) = (intermediate, maxPositions, layerNormEpsilon)
    }

    public init(folder: String) throws {
        let path = (folder as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: path),
              let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw InferenceError("model_incomplete", "\(path) is missing or not JSON; a BERT model folder needs config.json")
        }
        func int(_ key: String) throws -> Int {
            guard let value = (json[key] as? NSNumber)?.intValue, value > 0 else {
                throw InferenceError("model_config", "\(path) lacks a positive \(key)")
            }
            return value
        }
        vocabularySize = try int("vocab_size")
        hidden = try int("hidden_size")
        layers = try int("num_hidden_layers")
        heads = try int("num_attention_heads")
        intermediate = try int("intermediate_size")
        maxPositions = try int("max_position_embeddings")
        layerNormEpsilon = (json["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12
        guard hidden % heads == 0 else { throw InferenceError("model_config", "hidden_size \(hidden) is not divisible by \(heads) heads") }
        if let act = json["hidden_act"] as? String, act != "gelu" {
            throw InferenceError("model_config", "activation \(act) is not supported (only gelu)")
        }
    }
}

/// One transformer layer's weights, repacked for the GEMM.
struct BertLayer {
    var query: PackedLinear, key: PackedLinear, value: PackedLinear
    var attentionOut: PackedLinear
    var attentionNorm: [Float], attentionNormBias: [Float]
    var up: PackedLinear, down: PackedLinear
    var outputNorm: [Float], outputNormBias: [Float]
}

/// A BERT encoder (post-LN) producing mean-pooled, L2-normalized sentence embeddings, like
/// sentence-transformers' all-MiniLM-L6-v2. The linear layers run over the tokens of every
/// sequence in a batch at once; attention runs per sequence, so it never spans two texts and
/// there is no padding anywhere.
public final class BertEncoder: @unchecked Sendable {
    public let config: BertConfig
    public let tokenizer: WordPieceTokenizer
    /// Longest input in tokens, special tokens included (the model's sentence_bert_config: 256).
    public let maxTokens: Int
    let wordEmbeddings: [Float]       // [vocab, hidden]
    let positionEmbeddings: [Float]   // [maxPositions, hidden]
    let typeEmbedding: [Float]        // [hidden]: token type 0
    let embeddingNorm: [Float], embeddingNormBias: [Float]
    let layers: [BertLayer]

    /// Loads a Hugging Face BERT folder, or a GGUF file (by its `.gguf` extension).
    public convenience init(folder path: String, maxTokens: Int = 256) throws {
        let source: BertWeightSource = path.lowercased().hasSuffix(".gguf")
            ? try GGUFBertSource(path: path) : try SafeTensorsBertSource(folder: path)
        try self.init(source: source, maxTokens: maxTokens)
    }

    init(source: BertWeightSource, maxTokens: Int) throws {
        config = source.config
        guard config.hidden % config.heads == 0 else {
            throw InferenceError("model_config", "hidden size \(config.hidden) is not divisible by \(config.heads) heads")
        }
        tokenizer = try WordPieceTokenizer(vocabulary: source.vocabulary)
        self.maxTokens = min(maxTokens, config.maxPositions)
        let h = config.hidden, f = config.intermediate
        func load(_ name: String, _ shape: [Int]) throws -> [Float] { try source.floats(name, shape) }
        func linear(_ name: String, inputs: Int, outputs: Int) throws -> PackedLinear {
            PackedLinear(weights: try load(name + ".weight", [outputs, inputs]), bias: try load(name + ".bias", [outputs]),
                         inputs: inputs, outputs: outputs)
        }
        wordEmbeddings = try load("embeddings.word_embeddings.weight", [config.vocabularySize, h])
        positionEmbeddings = try load("embeddings.position_embeddings.weight", [config.maxPositions, h])
        typeEmbedding = Array(try load("embeddings.token_type_embeddings.weight", [2, h]).prefix(h))
        embeddingNorm = try load("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try load("embeddings.LayerNorm.bias", [h])
        layers = try (0..<config.layers).map { l in
            let p = "encoder.layer.\(l)."
            return BertLayer(
                query: try linear(p + "attention.self.query", inputs: h, outputs: h),
                key: try linear(p + "attention.self.key", inputs: h, outputs: h),
                value: try linear(p + "attention.self.value", inputs: h, outputs: h),
                attentionOut: try linear(p + "attention.output.dense", inputs: h, outputs: h),
                attentionNorm: try load(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try load(p + "attention.output.LayerNorm.bias", [h]),
                up: try linear(p + "intermediate.dense", inputs: h, outputs: f),
                down: try linear(p + "output.dense", inputs: f, outputs: h),
                outputNorm: try load(p + "output.LayerNorm.weight", [h]),
                outputNormBias: try load(p + "output.LayerNorm.bias", [h]))
        }
    }

    /// The embedding of one text: [hidden] floats, unit length.
    public func embed(_ text: String) -> [Float] {
        embed(ids: tokenizer.encode(text, maxLength: maxTokens).ids)
    }

    public func embed(ids: [Int32]) -> [Float] { embed(batch: [ids])[0] }

    /// Floating-point operations per token for sequences of `sequenceLength` tokens.
    public func flopsPerToken(sequenceLength: Int) -> Double {
        let h = Double(config.hidden), f = Double(config.intermediate), n = Double(sequenceLength)
        return Double(config.layers) * (2 * (4 * h * h + 2 * h * f) + 4 * n * h)
    }

    /// The forward pass for a batch of token-id sequences, read top to bottom.
    public func embed(batch: [[Int32]], threads: Int = 1) -> [[Float]] {
        let h = config.hidden, f = config.intermediate, eps = config.layerNormEpsilon
        let starts = batch.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let total = starts.last!                           // tokens of all sequences
        var x = [Float](repeating: 0, count: total * h)        // [total, h] hidden states
        var q = [Float](repeating: 0, count: total * h)        // [total, h] queries
        var k = [Float](repeating: 0, count: total * h)        // [total, h] keys
        var v = [Float](repeating: 0, count: total * h)        // [total, h] values
        var context = [Float](repeating: 0, count: total * h)  // [total, h] attention output
        var projected = [Float](repeating: 0, count: total * h) // [total, h]
        var inner = [Float](repeating: 0, count: total * f)    // [total, f] feed-forward activations

        // Embeddings: word + position (restarting per sequence) + token type 0, then layer norm.
        for (s, ids) in batch.enumerated() {
            for (position, token) in ids.enumerated() {
                let id = Int(token) < config.vocabularySize && token >= 0 ? Int(token) : Int(tokenizer.unknownID)
                let row = (starts[s] + position) * h
                for i in 0..<h {
                    x[row + i] = wordEmbeddings[id * h + i] + positionEmbeddings[position * h + i] + typeEmbedding[i]
                }
            }
        }
        Kernels.layerNorm(&x, rows: total, width: h, gamma: embeddingNorm, beta: embeddingNormBias, epsilon: eps)

        for layer in layers {
            Kernels.gemm(x, layer.query, &q, rows: total, threads: threads)
            Kernels.gemm(x, layer.key, &k, rows: total, threads: threads)
            Kernels.gemm(x, layer.value, &v, rows: total, threads: threads)
            attention(q, k, v, &context, starts: starts, threads: threads)
            Kernels.gemm(context, layer.attentionOut, &projected, rows: total, threads: threads)
            Kernels.addAndNormalize(&x, projected, rows: total, width: h, gamma: layer.attentionNorm,
                                    beta: layer.attentionNormBias, epsilon: eps, threads: threads)
            Kernels.gemm(x, layer.up, &inner, rows: total, threads: threads)
            Kernels.gelu(&inner, count: total * f, threads: threads)
            Kernels.gemm(inner, layer.down, &projected, rows: total, threads: threads)
            Kernels.addAndNormalize(&x, projected, rows: total, width: h, gamma: layer.outputNorm,
                                    beta: layer.outputNormBias, epsilon: eps, threads: threads)
        }

        // Mean over each sequence's tokens ([CLS] and [SEP] included), then unit length.
        return batch.indices.map { s in
            var pooled = [Float](repeating: 0, count: h)
            let count = starts[s + 1] - starts[s]
            for t in starts[s]..<starts[s + 1] { for i in 0..<h { pooled[i] += x[t * h + i] } }
            var norm: Float = 0
            for i in 0..<h { pooled[i] /= Float(max(count, 1)); norm += pooled[i] * pooled[i] }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            return pooled.map { $0 * inverse }
        }
    }

    /// Scaled dot-product attention of every head, per sequence (sequences spread over threads).
    /// Both products go through the packed GEMM: scores = Q·Kᵀ (K packed as an n-output layer),
    /// context = P·V (Vᵀ packed as a d-output layer).
    func attention(_ q: [Float], _ k: [Float], _ v: [Float], _ context: inout [Float], starts: [Int], threads: Int) {
        let h = config.hidden, heads = config.heads, d = h / heads
        let scale = 1 / Float(d).squareRoot()
        let sequences = starts.count - 1
        let parts = min(max(threads, 1), max(sequences, 1))
        context.withUnsafeMutableBufferPointer { out in
            let outAddress = Int(bitPattern: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let out = UnsafeMutablePointer<Float>(bitPattern: outAddress)!
                for s in stride(from: part, to: sequences, by: parts) {
                    let first = starts[s], n = starts[s + 1] - starts[s]
                    var qh = [Float](repeating: 0, count: n * d)       // [n, d] this head's queries, scaled
                    var kh = [Float](repeating: 0, count: n * d)       // [n, d] keys = an n-output layer's weights
                    var vt = [Float](repeating: 0, count: d * n)       // [d, n] values transposed
                    var scores = [Float](repeating: 0, count: n * n)   // [n, n]
                    var ctx = [Float](repeating: 0, count: n * d)      // [n, d]
                    for head in 0..<heads {
                        let offset = head * d
                        for t in 0..<n {
                            let row = (first + t) * h + offset
                            for c in 0..<d {
                                qh[t * d + c] = q[row + c] * scale
                                kh[t * d + c] = k[row + c]
                                vt[c * n + t] = v[row + c]
                            }
                        }
                        Kernels.gemm(qh, PackedLinear(weights: kh, bias: nil, inputs: d, outputs: n), &scores, rows: n)
                        scores.withUnsafeMutableBufferPointer { p in
                            for i in 0..<n { Kernels.softmax(p.baseAddress! + i * n, count: n) }
                        }
                        Kernels.gemm(scores, PackedLinear(weights: vt, bias: nil, inputs: n, outputs: d), &ctx, rows: n)
                        for t in 0..<n {
                            let row = (first + t) * h + offset
                            for c in 0..<d { out[row + c] = ctx[t * d + c] }
                        }
                    }
                }
            }
        }
    }
}
