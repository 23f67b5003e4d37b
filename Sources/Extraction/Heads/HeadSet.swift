import Foundation

/// The trained heads of a pipeline: one type head, and per type one head per field, tagged with
/// the SHA-256 of the encoder whose vectors they were trained on. Stored as JSON in `heads/`,
/// with weights as base64 Float16 so the file stays small.
public struct HeadSet: Codable, Sendable {
    public static let featureVersion = 7
    /// The type head's inputs: 1, the encoder's vectors; 2, and the title inputs of `TypeTitles`.
    /// Apart from `featureVersion`, which is the field heads', so one can change without the other.
    public static let typeFeatureVersion = 2
    public var typeFeatureVersion = HeadSet.typeFeatureVersion
    /// 2: the field scaling is fitted on a value's share among the document's candidates
    /// (`FieldDecoder.valueLogOdds`); 1 on each candidate's log-odds alone.
    public static let format = 2
    public var format = HeadSet.format
    public var featureVersion = HeadSet.featureVersion
    public var encoderSHA256: String
    public var typeHead: LinearHead
    /// type → field → head (classes ["no", "yes"]).
    public var fieldHeads: [String: [String: LinearHead]]
    /// What it was trained on, for people reading the file.
    public var trainedOn: String
    /// Platt scaling of a value's log-odds L (`FieldDecoder.valueLogOdds`, its share among the
    /// document's candidates): confidence = σ(L / temperature + shift), fitted on a
    /// layout family the heads did not train on, so confidence means the same on unseen layouts.
    public var fieldTemperature: Float = 1
    public var fieldShift: Float = 0
    /// Weight of the chosen value's lead over the best other value (in log-odds, clamped to
    /// ±`marginLimit`): a value that clearly beats every alternative is more often right than one
    /// that wins by a hair, at the same d. Fitted with the scaling.
    public var fieldMargin: Float = 0
    public static let marginLimit: Float = 10
    /// A further shift per kind of field (`FieldDecoder.calibrationGroup`: dates, money, names,
    /// identifiers …), fitted after the shared scaling: one kind's heads may be right more often
    /// than their scores say, and a single shift for all would send its values to review.
    public var fieldGroupShift: [String: Float] = [:]

    enum CodingKeys: String, CodingKey {
        case format, featureVersion = "feature_version", typeFeatureVersion = "type_feature_version", encoderSHA256 = "encoder_sha256", typeHead = "type_head"
        case fieldHeads = "field_heads", trainedOn = "trained_on", fieldTemperature = "field_temperature", fieldShift = "field_shift"
        case fieldMargin = "field_margin", fieldGroupShift = "field_group_shift"
    }

    public init(encoderSHA256: String, typeHead: LinearHead, fieldHeads: [String: [String: LinearHead]], trainedOn: String,
                fieldTemperature: Float = 1) {
        (self.encoderSHA256, self.typeHead, self.fieldHeads, self.trainedOn) = (encoderSHA256, typeHead, fieldHeads, trainedOn)
        self.fieldTemperature = fieldTemperature
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        featureVersion = try c.decode(Int.self, forKey: .featureVersion)
        typeFeatureVersion = try c.decodeIfPresent(Int.self, forKey: .typeFeatureVersion) ?? 1
        encoderSHA256 = try c.decode(String.self, forKey: .encoderSHA256)
        typeHead = try c.decode(LinearHead.self, forKey: .typeHead)
        fieldHeads = try c.decode([String: [String: LinearHead]].self, forKey: .fieldHeads)
        trainedOn = try c.decode(String.self, forKey: .trainedOn)
        fieldTemperature = try c.decodeIfPresent(Float.self, forKey: .fieldTemperature) ?? 1
        fieldShift = try c.decodeIfPresent(Float.self, forKey: .fieldShift) ?? 0
        fieldMargin = try c.decodeIfPresent(Float.self, forKey: .fieldMargin) ?? 0
        fieldGroupShift = try c.decodeIfPresent([String: Float].self, forKey: .fieldGroupShift) ?? [:]
    }

    static func scaled(_ logOdds: Float, temperature: Float, shift: Float, margin: Float = 0, lead: Float = 0) -> Float {
        let clamped = min(max(lead, -marginLimit), marginLimit)
        return 1 / (1 + Foundation.exp(-(logOdds / temperature + shift + margin * clamped)))
    }

    /// `anyTypeHead`: accept a type head of another type feature version, for `docket train
    /// --type-head-only`, which replaces it and keeps the field heads.
    public static func load(_ path: String, encoderSHA256: String, anyTypeHead: Bool = false) throws -> HeadSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExtractionError("heads_missing", "\(path) does not exist; train heads with docket train --data DIR")
        }
        let heads: HeadSet
        do {
            heads = try JSONDecoder().decode(HeadSet.self, from: data)
        } catch {
            throw ExtractionError("heads_invalid", "\(path) is not a heads file: \(error)")
        }
        guard heads.format == format else {
            throw ExtractionError("heads_outdated", "\(path) holds heads of format \(heads.format), this build reads format \(format); train again")
        }
        guard heads.featureVersion == featureVersion else {
            throw ExtractionError("heads_outdated", "\(path) was trained with feature version \(heads.featureVersion), this build uses \(featureVersion); train again")
        }
        guard anyTypeHead || heads.typeFeatureVersion == typeFeatureVersion else {
            throw ExtractionError("heads_outdated", "\(path) has a type head of type feature version \(heads.typeFeatureVersion), this build uses \(typeFeatureVersion); train again (docket train --type-head-only keeps the field heads)")
        }
        guard heads.encoderSHA256 == encoderSHA256 else {
            throw ExtractionError("heads_encoder_mismatch",
                                  "\(path) was trained on encoder \(heads.encoderSHA256.prefix(12))…, but the installed encoder is \(encoderSHA256.prefix(12))…; train again with docket train")
        }
        return heads
    }

    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}

extension LinearHead {
    enum CodingKeys: String, CodingKey { case classes, inputs, weights, bias }

    /// The same head with standardization folded into weights and bias, so only those are stored.
    func folded() -> LinearHead {
        var head = self
        for c in 0..<classes.count {
            var shift: Float = 0
            for i in 0..<inputs {
                let w = weights[c * inputs + i] * scale[i]
                head.weights[c * inputs + i] = w
                shift += w * mean[i]
            }
            head.bias[c] = bias[c] - shift
        }
        head.mean = [Float](repeating: 0, count: inputs)
        head.scale = [Float](repeating: 1, count: inputs)
        return head
    }

    /// Weights are stored as base64 Float16 (halves the file; the logits move by well under
    /// 1e-3), biases as Float32.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let classes = try c.decode([String].self, forKey: .classes)
        let inputs = try c.decode(Int.self, forKey: .inputs)
        (self.classes, self.inputs) = (classes, inputs)
        func bytes(_ key: CodingKeys, _ count: Int) throws -> Data {
            guard let data = Data(base64Encoded: try c.decode(String.self, forKey: key)), data.count == count else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected \(count) bytes")
            }
            return data
        }
        let w = try bytes(.weights, classes.count * inputs * 2), b = try bytes(.bias, classes.count * 4)
        weights = w.withUnsafeBytes { raw in (0..<(classes.count * inputs)).map { Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)))) } }
        bias = b.withUnsafeBytes { raw in (0..<classes.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
        mean = [Float](repeating: 0, count: inputs)
        scale = [Float](repeating: 1, count: inputs)
    }

    public func encode(to encoder: Encoder) throws {
        let head = folded()
        var c = encoder.container(keyedBy: CodingKeys.self)
        var w = Data(capacity: head.weights.count * 2), b = Data(capacity: head.bias.count * 4)
        for v in head.weights { withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { w.append(contentsOf: $0) } }
        for v in head.bias { withUnsafeBytes(of: v.bitPattern.littleEndian) { b.append(contentsOf: $0) } }
        try c.encode(classes, forKey: .classes)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(w.base64EncodedString(), forKey: .weights)
        try c.encode(b.base64EncodedString(), forKey: .bias)
    }
}
