import Foundation

/// BERT's WordPiece tokenizer, matching Hugging Face `tokenizers` (BertNormalizer with
/// lower-casing, BertPreTokenizer, WordPiece) id for id:
/// 1. special tokens written literally in the text (`[SEP]`) are kept as themselves;
/// 2. control and format characters (and U+FFFD) are removed, white space becomes a space;
/// 3. CJK ideographs are split off one by one;
/// 4. accents are stripped (NFD, non-spacing marks dropped) because lower-casing is on;
/// 5. text is split on white space and around punctuation (ASCII punctuation and Unicode P*);
/// 6. each word becomes the longest vocabulary pieces from the left (`##` for inner pieces),
///    or `[UNK]` when it cannot be covered or is longer than 100 characters.
public final class WordPieceTokenizer: @unchecked Sendable {
    public let vocabulary: [String: Int32]
    public let unknownID: Int32
    public let clsID: Int32
    public let sepID: Int32
    public let padID: Int32
    /// Special tokens recognized verbatim in input text, longest first.
    let specials: [(String, Int32)]
    let maxWordCharacters = 100

    public init(vocabulary: [String: Int32], specialTokens: [String] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) throws {
        self.vocabulary = vocabulary
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else { throw InferenceError("tokenizer_invalid", "the vocabulary has no \(token) token") }
            return id
        }
        unknownID = try id("[UNK]")
        clsID = try id("[CLS]")
        sepID = try id("[SEP]")
        padID = try id("[PAD]")
        specials = try specialTokens.map { ($0, try id($0)) }.sorted { $0.0.count > $1.0.count }
    }

    /// Loads `vocab.txt` (one token per line, the line number is the id) from a model folder.
    public convenience init(folder: String) throws {
        let path = (folder as NSString).appendingPathComponent("vocab.txt")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InferenceError("model_incomplete", "\(path) is missing or not UTF-8; a BERT model folder needs vocab.txt")
        }
        var vocabulary: [String: Int32] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if !token.isEmpty && vocabulary[token] == nil { vocabulary[token] = Int32(index) }
        }
        try self.init(vocabulary: vocabulary)
    }

    public struct Encoding: Equatable, Sendable {
        public var ids: [Int32]
        /// True when the text had more tokens than fit.
        public var truncated: Bool
        /// Tokens before truncation, special tokens included.
        public var untruncatedCount: Int
    }

    /// `[CLS] tokens [SEP]`, truncated to `maxLength` ids in total.
    public func encode(_ text: String, maxLength: Int = 512) -> Encoding {
        var ids: [Int32] = [clsID]
        for (piece, special) in splitSpecials(text) {
            if let special { ids.append(special); continue }
            for word in preTokenize(normalize(piece)) { ids += wordPiece(word) }
        }
        let total = ids.count + 1
        let limit = max(2, maxLength)
        if total > limit { ids = Array(ids.prefix(limit - 1)) }
        ids.append(sepID)
        return Encoding(ids: ids, truncated: total > limit, untruncatedCount: total)
    }

    // MARK: Steps

    /// Splits out literal special tokens (matched in the raw text, case-sensitive).
    func splitSpecials(_ text: String) -> [(String, Int32?)] {
        var parts: [(String, Int32?)] = []
        var rest = Substring(text)
        var plain = ""
        while !rest.isEmpty {
            if rest.first == "[", let (token, id) = specials.first(where: { rest.hasPrefix($0.0) }) {
                if !plain.isEmpty { parts.append((plain, nil)); plain = "" }
                parts.append((token, id))
                rest = rest.dropFirst(token.count)
            } else {
                plain.append(rest.removeFirst())
            }
        }
        if !plain.isEmpty { parts.append((plain, nil)) }
        return parts
    }

    func normalize(_ text: String) -> String.UnicodeScalarView {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) { cleaned.append(" "); continue }
            if isCJK(scalar) {
                cleaned.append(" "); cleaned.append(scalar); cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        // Strip accents (NFD, drop non-spacing marks), then lower-case, as BertNormalizer does.
        var stripped = String.UnicodeScalarView()
        for scalar in String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            stripped.append(scalar)
        }
        return String(stripped).lowercased().unicodeScalars
    }

    func preTokenize(_ scalars: String.UnicodeScalarView) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if isWhitespace(scalar) {
                if !current.isEmpty { words.append(current); current = [] }
            } else if isPunctuation(scalar) {
                if !current.isEmpty { words.append(current); current = [] }
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    func wordPiece(_ word: [Unicode.Scalar]) -> [Int32] {
        guard word.count <= maxWordCharacters else { return [unknownID] }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[candidate] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unknownID] }
            pieces.append(id)
            start = end
        }
        return pieces
    }

    // MARK: Character classes (as the Hugging Face implementation defines them)

    func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    /// "Other" categories (Cc, Cf, Cs, Co, Cn), except the three white-space controls.
    func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
