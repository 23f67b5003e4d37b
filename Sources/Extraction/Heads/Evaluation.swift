import Foundation
import Parsing

/// What `docket eval` reports: type accuracy, field precision/recall/F1 (overall and per
/// field), how often the true value was among the candidates, the share of results marked
/// `ok` and how right their fields were, and calibration of type and field confidence.
public struct Evaluation: Codable, Sendable {
    public struct FieldScore: Codable, Sendable {
        public var field: String
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0
        public var candidateHits = 0, candidateTotal = 0
        public var precision: Double { Self.ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    }

    public struct Bin: Codable, Sendable {
        public var lower: Double, upper: Double, count: Int, meanConfidence: Double, accuracy: Double
    }

    public var documents = 0
    public var typeCorrect = 0
    public var perType: [String: [Int]] = [:]   // type → [documents, correct]
    public var fields: [String: FieldScore] = [:]
    public var okResults = 0
    public var okFieldsCorrect = 0, okFieldsTotal = 0
    /// Labelled fields the result withheld (read below the review threshold): not output, so
    /// neither precision nor recall counts them right, but their confidence is calibrated too.
    public var withheldCorrect = 0, withheldTotal = 0
    var typeConfidences: [(Double, Bool)] = []
    var fieldConfidences: [(Double, Bool)] = []

    enum CodingKeys: String, CodingKey {
        case documents, typeCorrect, perType, fields, okResults, okFieldsCorrect, okFieldsTotal, withheldCorrect, withheldTotal
    }

    public init() {}

    public var typeAccuracy: Double { FieldScore.ratio(typeCorrect, documents) }
    public var okRate: Double { FieldScore.ratio(okResults, documents) }
    public var okPrecision: Double { FieldScore.ratio(okFieldsCorrect, okFieldsTotal) }
    public var overall: FieldScore {
        var total = FieldScore(field: "all")
        for score in fields.values {
            total.truePositives += score.truePositives; total.falsePositives += score.falsePositives
            total.falseNegatives += score.falseNegatives; total.candidateHits += score.candidateHits
            total.candidateTotal += score.candidateTotal
        }
        return total
    }

    /// Adds one document's first result against its label; `layout` (for PDFs) gives candidate recall.
    public mutating func add(_ result: DocumentResult, label: LabelledDocument, schema: ResultSchema?, layout: DocumentLayout?) {
        documents += 1
        let right = result.docType == label.docType
        if right { typeCorrect += 1 }
        perType[label.docType, default: [0, 0]][0] += 1
        if right { perType[label.docType, default: [0, 0]][1] += 1 }
        typeConfidences.append((result.confidence, right))
        if result.status == .ok { okResults += 1 }
        for (name, wanted) in label.fields {
            guard let rule = schema?.rule(name) else { continue }
            var score = fields[name] ?? FieldScore(field: name)
            if let layout {
                let kinds = FieldRouting.kinds(for: rule)
                if !kinds.isEmpty {
                    score.candidateTotal += 1
                    if layout.candidates.contains(where: { FieldRouting.admits($0, rule, kinds: kinds) && FieldRouting.matches($0.value, wanted, kind: rule.kind) }) {
                        score.candidateHits += 1
                    }
                }
            }
            // Masked fields are stored masked: compare with the label masked the same way.
            let expected = rule.maskedAsTIN ? FieldNormalizer.maskTIN(wanted) : wanted
            func isRight(_ text: String) -> Bool { right && FieldRouting.matches(text, expected, kind: rule.kind) }
            if let got = result[field: name], let text = got.value.stringValue {
                let correct = isRight(text)
                if correct { score.truePositives += 1 } else { score.falsePositives += 1; score.falseNegatives += 1 }
                fieldConfidences.append((got.confidence, correct))
                if result.status == .ok { okFieldsTotal += 1; if correct { okFieldsCorrect += 1 } }
            } else {
                score.falseNegatives += 1
                if let held = result.withheld.first(where: { $0.0 == name })?.1, let text = held.value.stringValue {
                    let correct = isRight(text)
                    withheldTotal += 1
                    if correct { withheldCorrect += 1 }
                    fieldConfidences.append((held.confidence, correct))
                }
            }
            fields[name] = score
        }
        // A field labelled null is one the document does not hold: extracting it is a false
        // positive. Fields the label leaves out do not count (real labels leave out what they
        // cannot check).
        for name in label.absent.sorted() where label.fields[name] == nil {
            guard schema?.rule(name) != nil, let got = result[field: name] else { continue }
            var score = fields[name] ?? FieldScore(field: name)
            score.falsePositives += 1
            fields[name] = score
            fieldConfidences.append((got.confidence, false))
            if result.status == .ok { okFieldsTotal += 1 }
        }
    }

    /// Ten equal-width bins and the expected calibration error.
    public static func calibration(_ pairs: [(Double, Bool)]) -> (bins: [Bin], ece: Double) {
        var bins: [Bin] = []
        var ece = 0.0
        for b in 0..<10 {
            let lower = Double(b) / 10, upper = Double(b + 1) / 10
            let inBin = pairs.filter { $0.0 >= lower && ($0.0 < upper || (b == 9 && $0.0 <= 1)) }
            guard !inBin.isEmpty else { continue }
            let confidence = inBin.map(\.0).reduce(0, +) / Double(inBin.count)
            let accuracy = Double(inBin.filter(\.1).count) / Double(inBin.count)
            bins.append(Bin(lower: lower, upper: upper, count: inBin.count, meanConfidence: confidence, accuracy: accuracy))
            ece += Double(inBin.count) / Double(pairs.count) * abs(confidence - accuracy)
        }
        return (bins, ece)
    }

    public var typeCalibration: (bins: [Bin], ece: Double) { Self.calibration(typeConfidences) }
    public var fieldCalibration: (bins: [Bin], ece: Double) { Self.calibration(fieldConfidences) }
}
