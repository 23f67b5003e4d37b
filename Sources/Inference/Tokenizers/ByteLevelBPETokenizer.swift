import Foundation

/// Byte-level BPE as GPT-2, Llama 3 and Qwen use it, read from a Hugging Face `tokenizer.json`:
/// special tokens are cut out first, the rest is split by the pre-tokenizer's pattern (GPT-2's
/// built-in one for `ByteLevel` with `use_regex`, or a `Split` pattern), each piece's UTF-8
/// bytes are mapped to printable characters, and merges are applied lowest rank first.
public final class ByteLevelBPETokenizer: @unchecked Sendable {
    public let vocabulary: [String: Int32]
    let ranks: [String: Int]                 // "left right" → merge rank
    let specialTokens: [(text: String, id: Int32)]
    let pattern: NSRegularExpression
    let ignoreMerges: Bool
    static let byteToChar: [Character] = ByteLevelBPETokenizer.makeByteTable()
    private let lock = NSLock()
    private var cache: [String: [Int32]] = [:]

    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    public convenience init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw InferenceError("tokenizer_missing", "\(path) is missing or not JSON")
        }
        try self.init(json: json, path: path)
    }

    init(json: [String: Any], path: String) throws {
        guard let model = json["model"] as? [String: Any], (model["type"] as? String) == "BPE",
              let vocab = model["vocab"] as? [String: Int], let merges = model["merges"] as? [Any] else {
            throw InferenceError("tokenizer_unsupported", "\(path) is not a BPE tokenizer.json (model.type BPE with vocab and merges)")
        }
        vocabulary = vocab.mapValues { Int32($0) }
        var ranks: [String: Int] = [:]
        for (rank, merge) in merges.enumerated() {
            if let text = merge as? String { ranks[text] = rank }
            else if let pair = merge as? [String], pair.count == 2 { ranks[pair[0] + " " + pair[1]] = rank }
            else { throw InferenceError("tokenizer_unsupported", "\(path): merge \(rank) is neither \"a b\" nor [a, b]") }
        }
        self.ranks = ranks
        ignoreMerges = model["ignore_merges"] as? Bool ?? false
        specialTokens = ((json["added_tokens"] as? [[String: Any]]) ?? []).compactMap { token in
            guard let text = token["content"] as? String, let id = token["id"] as? Int else { return nil }
            return (text, Int32(id))
        }.sorted { $0.text.count > $1.text.count }
        pattern = try NSRegularExpression(pattern: try Self.splitPattern(json["pre_tokenizer"] as? [String: Any], path: path))
    }

    /// The splitting pattern the pre-tokenizer asks for.
    static func splitPattern(_ config: [String: Any]?, path: String) throws -> String {
        guard let config else { throw InferenceError("tokenizer_unsupported", "\(path) has no pre_tokenizer") }
        switch config["type"] as? String {
        case "ByteLevel":
            guard config["use_regex"] as? Bool ?? true else { return #"[\s\S]+"# }
            return gpt2Pattern
        case "Sequence":
            let steps = config["pretokenizers"] as? [[String: Any]] ?? []
            guard let split = steps.first(where: { $0["type"] as? String == "Split" }),
                  let regex = (split["pattern"] as? [String: Any])?["Regex"] as? String,
                  steps.contains(where: { $0["type"] as? String == "ByteLevel" && !($0["use_regex"] as? Bool ?? true) }) else {
                throw InferenceError("tokenizer_unsupported", "\(path): only Split(regex) followed by ByteLevel is supported in a Sequence")
            }
            return regex
        default:
            throw InferenceError("tokenizer_unsupported", "\(path): pre_tokenizer \(config["type"] ?? "?") is not byte-level")
        }
    }

    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            // The earliest special token in what is left; ordinary text before it is split normally.
            var next: (range: Range<Substring.Index>, id: Int32)?
            for special in specialTokens {
                if let range = rest.range(of: special.text), range.lowerBound < (next?.range.lowerBound ?? rest.endIndex) {
                    next = (range, special.id)
                }
            }
            let plainEnd = next?.range.lowerBound ?? rest.endIndex
            ids += encodeOrdinary(String(rest[..<plainEnd]))
            guard let next else { break }
            ids.append(next.id)
            rest = rest[next.range.upperBound...]
        }
        return ids
    }

    func encodeOrdinary(_ text: String) -> [Int32] {
        guard !text.isEmpty else { return [] }
        let ns = text as NSString
        var ids: [Int32] = []
        var cursor = 0
        func piece(_ range: NSRange) {
            guard range.length > 0 else { return }
            let mapped = String(ns.substring(with: range).utf8.map { Self.byteToChar[Int($0)] })
            ids += word(mapped)
        }
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            piece(NSRange(location: cursor, length: match.range.location - cursor))   // text between matches stays a piece
            piece(match.range)
            cursor = match.range.location + match.range.length
        }
        piece(NSRange(location: cursor, length: ns.length - cursor))
        return ids
    }

    /// One pre-tokenized piece (already byte-mapped) through the merges.
    func word(_ piece: String) -> [Int32] {
        if let hit = lock.withLock({ cache[piece] }) { return hit }
        if ignoreMerges, let id = vocabulary[piece] { return [id] }
        var symbols = piece.map(String.init)
        while symbols.count > 1 {
            var best: (rank: Int, index: Int)?
            for i in 0..<(symbols.count - 1) {
                if let rank = ranks[symbols[i] + " " + symbols[i + 1]], rank < (best?.rank ?? .max) { best = (rank, i) }
            }
            guard let best else { break }
            let (left, right) = (symbols[best.index], symbols[best.index + 1])
            var merged: [String] = []
            var i = 0
            while i < symbols.count {
                if i + 1 < symbols.count && symbols[i] == left && symbols[i + 1] == right {
                    merged.append(left + right)
                    i += 2
                } else {
                    merged.append(symbols[i])
                    i += 1
                }
            }
            symbols = merged
        }
        let ids = symbols.compactMap { vocabulary[$0] }
        lock.withLock { if cache.count < 50_000 { cache[piece] = ids } }
        return ids
    }

    /// GPT-2's map from bytes to printable characters: printable Latin-1 bytes stand for
    /// themselves, the others are shifted above U+0100.
    static func makeByteTable() -> [Character] {
        var table = [Character](repeating: " ", count: 256)
        var shifted = 0
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            let scalar = printable ? byte : 256 + shifted
            if !printable { shifted += 1 }
            table[byte] = Character(Unicode.Scalar(UInt32(scalar))!)
        }
        return table
    }
}
