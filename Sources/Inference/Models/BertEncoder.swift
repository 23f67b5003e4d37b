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

/// One transformer layer's weights; the matrices stay in the model file's format.
struct BertLayer {
    var query: Linear, key: Linear, value: Linear
    var attentionOut: Linear
    var attentionNorm: [Float], attentionNormBias: [Float]
    var up: Linear, down: Linear
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
    let wordEmbeddings: WeightMatrix  // [vocab, hidden], rows read in place when looked up
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
        func linear(_ name: String, inputs: Int, outputs: Int) throws -> Linear {
            Linear(weights: try source.matrix(name + ".weight", rows: outputs, columns: inputs), bias: try load(name + ".bias", [outputs]))
        }
        wordEmbeddings = try source.matrix("embeddings.word_embeddings.weight", rows: config.vocabularySize, columns: h)
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

    /// Tokens per chunk of rows for the attention block and the feed-forward. The activations
    /// of a chunk are small ([1024, 1536] floats is 6 MB where a whole batch of 64 × 128 tokens
    /// would need 50 MB), and a chunk is still tall enough for the GEMM to run at full speed.
    let chunkTokens = 1024

    /// Consecutive sequences grouped into chunks of at most `chunkTokens` tokens (a longer
    /// sequence is a chunk of its own), so attention never has to look outside its chunk.
    static func sequenceGroups(starts: [Int], limit: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var first = 0
        for s in 0..<(starts.count - 1) where s > first && starts[s + 1] - starts[first] > limit {
            groups.append(first..<s)
            first = s
        }
        if starts.count > 1 { groups.append(first..<(starts.count - 1)) }
        return groups
    }

    /// The forward pass for a batch of token-id sequences, read top to bottom.
    public func embed(batch: [[Int32]], threads: Int = 1) -> [[Float]] {
        let h = config.hidden, f = config.intermediate, eps = config.layerNormEpsilon
        let starts = batch.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let total = starts.last!                           // tokens of all sequences
        let groups = Self.sequenceGroups(starts: starts, limit: chunkTokens)
        let chunk = groups.map { starts[$0.upperBound] - starts[$0.lowerBound] }.max() ?? 0
        var x = [Float](repeating: 0, count: total * h)         // [total, h] hidden states
        var projected = [Float](repeating: 0, count: total * h) // [total, h] attention or feed-forward output
        var q = [Float](repeating: 0, count: chunk * h)         // [chunk, h] queries of one group
        var k = [Float](repeating: 0, count: chunk * h)         // [chunk, h] keys
        var v = [Float](repeating: 0, count: chunk * h)         // [chunk, h] values
        var context = [Float](repeating: 0, count: chunk * h)   // [chunk, h] attention output
        var inner = [Float](repeating: 0, count: chunk * f)     // [chunk, f] feed-forward activations

        // Embeddings: word + position (restarting per sequence) + token type 0, then layer norm.
        for (s, ids) in batch.enumerated() {
            for (position, token) in ids.enumerated() {
                let id = Int(token) < config.vocabularySize && token >= 0 ? Int(token) : Int(tokenizer.unknownID)
                let row = (starts[s] + position) * h
                x.withUnsafeMutableBufferPointer { wordEmbeddings.dequantizeRow(id, into: $0.baseAddress! + row) }
                // (word + position) + type, in that order, as before the rows were read in place.
                for i in 0..<h { x[row + i] = x[row + i] + positionEmbeddings[position * h + i] + typeEmbedding[i] }
            }
        }
        Kernels.layerNorm(&x, rows: total, width: h, gamma: embeddingNorm, beta: embeddingNormBias, epsilon: eps)

        for layer in layers {
            for group in groups {
                let first = starts[group.lowerBound], rows = starts[group.upperBound] - first
                let local = starts[group.lowerBound...group.upperBound].map { $0 - first }
                x.withUnsafeBufferPointer { xp in
                    Kernels.gemm(xp.baseAddress! + first * h, layer.query, &q, rows: rows, threads: threads)
                    Kernels.gemm(xp.baseAddress! + first * h, layer.key, &k, rows: rows, threads: threads)
                    Kernels.gemm(xp.baseAddress! + first * h, layer.value, &v, rows: rows, threads: threads)
                }
                attention(q, k, v, &context, starts: local, threads: threads)
                projected.withUnsafeMutableBufferPointer { out in
                    Kernels.gemm(context, layer.attentionOut, out.baseAddress! + first * h, rows: rows, threads: threads)
                }
            }
            Kernels.addAndNormalize(&x, projected, rows: total, width: h, gamma: layer.attentionNorm,
                                    beta: layer.attentionNormBias, epsilon: eps, threads: threads)
            for first in stride(from: 0, to: total, by: max(chunk, 1)) {
                let rows = min(chunk, total - first)
                x.withUnsafeBufferPointer { xp in projected.withUnsafeMutableBufferPointer { out in
                    Kernels.gemm(xp.baseAddress! + first * h, layer.up, &inner, rows: rows, threads: threads)
                    Kernels.gelu(&inner, count: rows * f, threads: threads)
                    Kernels.gemm(inner, layer.down, out.baseAddress! + first * h, rows: rows, threads: threads)
                } }
            }
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
            ThreadPool.shared.run(parts: parts) { part in
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
                        kh.withUnsafeBufferPointer { keys in
                            Kernels.gemm(qh, Linear(weights: WeightMatrix(unsafeFloats: keys.baseAddress!, rows: n, columns: d), bias: nil), &scores, rows: n)
                        }
                        scores.withUnsafeMutableBufferPointer { p in
                            for i in 0..<n { Kernels.softmax(p.baseAddress! + i * n, count: n) }
                        }
                        vt.withUnsafeBufferPointer { values in
                            Kernels.gemm(scores, Linear(weights: WeightMatrix(unsafeFloats: values.baseAddress!, rows: d, columns: n), bias: nil), &ctx, rows: n)
                        }
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
