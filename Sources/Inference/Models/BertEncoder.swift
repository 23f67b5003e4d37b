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

/// One transformer layer's weights, F32, [out][in] as stored.
struct BertLayer {
    var query: [Float], queryBias: [Float]
    var key: [Float], keyBias: [Float]
    var value: [Float], valueBias: [Float]
    var attentionOut: [Float], attentionOutBias: [Float]
    var attentionNorm: [Float], attentionNormBias: [Float]
    var up: [Float], upBias: [Float]
    var down: [Float], downBias: [Float]
    var outputNorm: [Float], outputNormBias: [Float]
}

/// A BERT encoder (post-LN) producing mean-pooled, L2-normalized sentence embeddings, like
/// sentence-transformers' all-MiniLM-L6-v2. One forward pass per sequence, no padding, so
/// attention never spans two texts or padding.
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

    public init(folder: String, maxTokens: Int = 256) throws {
        config = try BertConfig(folder: folder)
        tokenizer = try WordPieceTokenizer(folder: folder)
        self.maxTokens = min(maxTokens, config.maxPositions)
        let path = (folder as NSString).appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: path) else {
            throw InferenceError("model_incomplete", "\(path) is missing; a BERT model folder needs model.safetensors")
        }
        let weights = try SafeTensorsFile(path: path)
        let h = config.hidden, f = config.intermediate
        func load(_ name: String, _ shape: [Int]) throws -> [Float] {
            // Plain exports name tensors "embeddings.…"; full BertModel checkpoints prefix "bert.".
            let tensor = try weights.tensors[name] != nil ? weights.tensor(name, shape: shape) : weights.tensor("bert." + name, shape: shape)
            return try tensor.floats()
        }
        wordEmbeddings = try load("embeddings.word_embeddings.weight", [config.vocabularySize, h])
        positionEmbeddings = try load("embeddings.position_embeddings.weight", [config.maxPositions, h])
        typeEmbedding = Array(try load("embeddings.token_type_embeddings.weight", [2, h]).prefix(h))
        embeddingNorm = try load("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try load("embeddings.LayerNorm.bias", [h])
        layers = try (0..<config.layers).map { l in
            let p = "encoder.layer.\(l)."
            return BertLayer(
                query: try load(p + "attention.self.query.weight", [h, h]), queryBias: try load(p + "attention.self.query.bias", [h]),
                key: try load(p + "attention.self.key.weight", [h, h]), keyBias: try load(p + "attention.self.key.bias", [h]),
                value: try load(p + "attention.self.value.weight", [h, h]), valueBias: try load(p + "attention.self.value.bias", [h]),
                attentionOut: try load(p + "attention.output.dense.weight", [h, h]), attentionOutBias: try load(p + "attention.output.dense.bias", [h]),
                attentionNorm: try load(p + "attention.output.LayerNorm.weight", [h]), attentionNormBias: try load(p + "attention.output.LayerNorm.bias", [h]),
                up: try load(p + "intermediate.dense.weight", [f, h]), upBias: try load(p + "intermediate.dense.bias", [f]),
                down: try load(p + "output.dense.weight", [h, f]), downBias: try load(p + "output.dense.bias", [h]),
                outputNorm: try load(p + "output.LayerNorm.weight", [h]), outputNormBias: try load(p + "output.LayerNorm.bias", [h]))
        }
    }

    /// The embedding of one text: [hidden] floats, unit length.
    public func embed(_ text: String) -> [Float] {
        embed(ids: tokenizer.encode(text, maxLength: maxTokens).ids)
    }

    /// The forward pass for one sequence of token ids, read top to bottom.
    public func embed(ids: [Int32]) -> [Float] {
        let n = ids.count, h = config.hidden, f = config.intermediate
        let heads = config.heads, d = h / heads
        let eps = config.layerNormEpsilon
        var x = [Float](repeating: 0, count: n * h)        // [n, h] hidden states
        var q = [Float](repeating: 0, count: n * h)        // [n, h] queries
        var k = [Float](repeating: 0, count: n * h)        // [n, h] keys
        var v = [Float](repeating: 0, count: n * h)        // [n, h] values
        var context = [Float](repeating: 0, count: n * h)  // [n, h] attention output before projection
        var projected = [Float](repeating: 0, count: n * h) // [n, h]
        var inner = [Float](repeating: 0, count: n * f)    // [n, f] feed-forward activations
        var scores = [Float](repeating: 0, count: n)       // [n] one query's attention row

        // Embeddings: word + position + token type 0, then layer norm.
        for t in 0..<n {
            let id = Int(ids[t]) < config.vocabularySize ? Int(ids[t]) : Int(tokenizer.unknownID)
            for i in 0..<h {
                x[t * h + i] = wordEmbeddings[id * h + i] + positionEmbeddings[t * h + i] + typeEmbedding[i]
            }
        }
        Kernels.layerNorm(&x, rows: n, width: h, gamma: embeddingNorm, beta: embeddingNormBias, epsilon: eps)

        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            Kernels.linear(x, layer.query, layer.queryBias, &q, tokens: n, inputs: h, outputs: h)
            Kernels.linear(x, layer.key, layer.keyBias, &k, tokens: n, inputs: h, outputs: h)
            Kernels.linear(x, layer.value, layer.valueBias, &v, tokens: n, inputs: h, outputs: h)
            // Scaled dot-product attention per head, over this sequence's real tokens only.
            for head in 0..<heads {
                let offset = head * d
                for i in 0..<n {
                    for j in 0..<n {
                        var s: Float = 0
                        for c in 0..<d { s += q[i * h + offset + c] * k[j * h + offset + c] }
                        scores[j] = s * scale
                    }
                    Kernels.softmax(&scores, count: n)
                    for c in 0..<d {
                        var s: Float = 0
                        for j in 0..<n { s += scores[j] * v[j * h + offset + c] }
                        context[i * h + offset + c] = s
                    }
                }
            }
            Kernels.linear(context, layer.attentionOut, layer.attentionOutBias, &projected, tokens: n, inputs: h, outputs: h)
            for i in 0..<(n * h) { x[i] += projected[i] }
            Kernels.layerNorm(&x, rows: n, width: h, gamma: layer.attentionNorm, beta: layer.attentionNormBias, epsilon: eps)
            // Feed-forward: up, GELU, down, residual, layer norm.
            Kernels.linear(x, layer.up, layer.upBias, &inner, tokens: n, inputs: h, outputs: f)
            for i in 0..<(n * f) { inner[i] = Kernels.gelu(inner[i]) }
            Kernels.linear(inner, layer.down, layer.downBias, &projected, tokens: n, inputs: f, outputs: h)
            for i in 0..<(n * h) { x[i] += projected[i] }
            Kernels.layerNorm(&x, rows: n, width: h, gamma: layer.outputNorm, beta: layer.outputNormBias, epsilon: eps)
        }

        // Mean over all tokens ([CLS] and [SEP] included), then unit length.
        var pooled = [Float](repeating: 0, count: h)
        for t in 0..<n { for i in 0..<h { pooled[i] += x[t * h + i] } }
        var norm: Float = 0
        for i in 0..<h { pooled[i] /= Float(n); norm += pooled[i] * pooled[i] }
        let inverse = 1 / max(norm.squareRoot(), 1e-12)
        return pooled.map { $0 * inverse }
    }
}
