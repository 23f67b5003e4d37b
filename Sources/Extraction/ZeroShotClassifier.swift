import Crypto
import Foundation
import Inference

/// The encoder and what was trained on it: the model behind every unstructured document.
/// Loaded once per process and shared by all worker loops (read-only after loading).
public final class DocumentModel: @unchecked Sendable {
    public let encoder: BertEncoder
    public let identity: ModelIdentity
    public let zeroShot: ZeroShotClassifier
    /// Trained heads; nil until `docket train` has written them for this encoder.
    public let heads: HeadSet?
    public let headsIdentity: ModelIdentity?
    /// For `docket eval --ablate`: heads see no encoder vectors (all zeros).
    public var withoutEncoderFeatures = false

    public init(encoderPath: String, types: [(name: String, description: String)], maxTokens: Int, headsPath: String?) throws {
        encoder = try BertEncoder(folder: encoderPath, maxTokens: maxTokens)
        identity = ModelIdentity(id: (encoderPath as NSString).lastPathComponent, sha256: try Self.weightsDigest(encoderPath))
        zeroShot = ZeroShotClassifier(encoder: encoder, types: types)
        if let headsPath {
            heads = try HeadSet.load(headsPath, encoderSHA256: identity.sha256)
            let data = FileManager.default.contents(atPath: headsPath) ?? Data()
            headsIdentity = ModelIdentity(id: (headsPath as NSString).lastPathComponent,
                                          sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
        } else {
            heads = nil
            headsIdentity = nil
        }
    }

    /// SHA-256 of the weights file (model.safetensors in a folder, or the .gguf), hex.
    public static func weightsDigest(_ path: String) throws -> String {
        let file = path.lowercased().hasSuffix(".gguf") ? path : (path as NSString).appendingPathComponent("model.safetensors")
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw ExtractionError("model_missing", "cannot read \(file)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Picks a document type by comparing the encoder's embedding of the document's opening text
/// with the embedding of each type's description (its schema `description`). The fallback
/// before any head is trained; its confidence is a softmax over cosine similarities, not
/// calibrated.
public final class ZeroShotClassifier: @unchecked Sendable {
    let encoder: BertEncoder
    let types: [(name: String, description: String)]
    /// Softmax temperature over cosines (which sit within a narrow band for MiniLM).
    static let temperature: Float = 0.02
    private let lock = NSLock()
    private var embedded: [(type: String, vector: [Float])]?

    init(encoder: BertEncoder, types: [(name: String, description: String)]) {
        self.encoder = encoder
        self.types = types
    }

    /// The type descriptions' embeddings, computed on first use: with trained heads most
    /// processes never rank by description, and embedding all of them cost every start.
    var labels: [(type: String, vector: [Float])] {
        lock.lock()
        defer { lock.unlock() }
        if let embedded { return embedded }
        let vectors = types.map { type in
            (type.name, encoder.embed("\(type.name.replacingOccurrences(of: "_", with: " ")): \(type.description)"))
        }
        embedded = vectors
        return vectors
    }

    /// Types with probabilities, best first.
    public func rank(_ text: String) -> [(type: String, probability: Double)] {
        rank(embedding: encoder.embed(String(text.prefix(4_000))))
    }

    func rank(embedding: [Float]) -> [(type: String, probability: Double)] {
        let labels = self.labels
        let scores = labels.map { label in zip(label.vector, embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 } / Self.temperature }
        let top = scores.max() ?? 0
        let weights = scores.map { exp(Double($0 - top)) }
        let total = weights.reduce(0, +)
        return zip(labels, weights).map { ($0.0.type, $0.1 / total) }.sorted { $0.probability > $1.probability }
    }
}
