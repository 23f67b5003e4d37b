import Foundation
import Parsing

/// A labelled document: its type and the values of its fields, as in `labels.jsonl`.
public struct LabelledDocument: Sendable {
    public var file: String
    public var docType: String
    public var fields: [String: String]
    /// The layout family of a generated document (labels from `docket synth` carry it); nil for
    /// real documents. Calibration holds one family out.
    public var family: Int?
    /// Fields labelled `null`: the document does not hold them, so extracting one is an error.
    /// A field left out of the labels says nothing (real labels leave out what they cannot check).
    public var absent: Set<String>

    public init(file: String, docType: String, fields: [String: String], family: Int? = nil, absent: Set<String> = []) {
        (self.file, self.docType, self.fields, self.family, self.absent) = (file, docType, fields, family, absent)
    }

    /// Reads `labels.jsonl`: one {"file", "doc_type", "fields"} object per line; field values
    /// may be text or numbers, or null for a field the document does not hold. Files are
    /// relative to `folder`.
    public static func read(_ path: String, folder: String) throws -> [LabelledDocument] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ExtractionError("labels_missing", "\(path) does not exist or is not UTF-8")
        }
        return try text.split(separator: "\n").enumerated().compactMap { number, line in
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            guard let object = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)),
                  let file = object["file"]?.stringValue, let type = object["doc_type"]?.stringValue else {
                throw ExtractionError("labels_invalid", "\(path):\(number + 1): each line needs \"file\" and \"doc_type\"")
            }
            var fields: [String: String] = [:]
            var absent: Set<String> = []
            if case .object(let pairs)? = object["fields"] {
                for (name, value) in pairs {
                    if let text = value.stringValue { fields[name] = text } else if case .null = value { absent.insert(name) }
                }
            }
            return LabelledDocument(file: (folder as NSString).appendingPathComponent(file), docType: type, fields: fields,
                                    family: object["family"]?.stringValue.flatMap { Int($0) }, absent: absent)
        }
    }
}

/// Trains the type head and the field heads from encoded, labelled documents.
public enum HeadTrainer {
    public struct Example: Sendable {
        public var encoded: EncodedLayout
        public var label: LabelledDocument
        public init(encoded: EncodedLayout, label: LabelledDocument) { (self.encoded, self.label) = (encoded, label) }
    }

    /// Trains on everything; the field temperature is fitted first on a held-back part: one
    /// layout family when the labels name families, else every fourth document.
    public static func train(_ examples: [Example], pipeline: Pipeline, encoderSHA256: String, seed: UInt64 = 1,
                             epochs: Int = 40, note: String) -> HeadSet {
        let families = Set(examples.compactMap(\.label.family))
        let heldBack: (Int, Example) -> Bool = families.count >= 2
            ? { _, example in example.label.family == families.max() }
            : { index, _ in index % 4 == 3 }
        let split = examples.enumerated().map { (heldBack($0.offset, $0.element), $0.element) }
        let fit = split.filter { !$0.0 }.map(\.1), check = split.filter { $0.0 }.map(\.1)
        var scaling: Scaling = (1, 0, 0, [:])
        if !fit.isEmpty && !check.isEmpty {
            let preliminary = heads(fit, pipeline: pipeline, encoderSHA256: encoderSHA256, seed: seed, epochs: epochs, note: "")
            scaling = fitScaling(preliminary, on: check, pipeline: pipeline)
        }
        var set = heads(examples, pipeline: pipeline, encoderSHA256: encoderSHA256, seed: seed, epochs: epochs, note: note)
        (set.fieldTemperature, set.fieldShift, set.fieldMargin, set.fieldGroupShift) = scaling
        return set
    }

    /// The scaling that makes the chosen candidates' confidence match how often they are right
    /// (lowest negative log-likelihood over a grid of temperatures, shifts and margin weights).
    typealias Scaling = (temperature: Float, shift: Float, margin: Float, groups: [String: Float])
    /// A field's chosen candidate on a held-back document: its score, lead, whether it was right.
    typealias Pair = (logOdds: Float, lead: Float, correct: Bool, group: String)

    static func fitScaling(_ set: HeadSet, on examples: [Example], pipeline: Pipeline) -> Scaling {
        var pairs: [Pair] = []
        for example in examples {
            guard let schema = pipeline.settings(example.label.docType)?.schema, let fieldHeads = set.fieldHeads[example.label.docType] else { continue }
            var chosen: [String: (pair: Int, index: Int)] = [:]
            var scoredByField: [String: [(index: Int, d: Float, value: String)]] = [:]
            for rule in schema.fields {
                guard let head = fieldHeads[rule.name], let wanted = example.label.fields[rule.name] else { continue }
                let scored = FieldDecoder.scores(example.encoded.layout, rule, head, features: example.encoded.features)
                guard let best = scored.max(by: { $0.d < $1.d }) else { continue }
                let lead = FieldDecoder.lead(of: best.d, value: best.value, among: scored.map { (d: $0.d, value: $0.value) })
                chosen[rule.name] = (pairs.count, best.index)
                scoredByField[rule.name] = scored
                pairs.append((FieldDecoder.valueLogOdds(of: best.value, among: scored), lead, FieldRouting.matches(example.encoded.layout.candidates[best.index].value, wanted, kind: rule.kind), FieldDecoder.calibrationGroup(rule)))
            }
            // Amounts that add up are their own group, as the decoder treats them.
            if let s = chosen["subtotal_amount"], let t = chosen["tax_amount"], let g = chosen["total_amount"],
               FieldDecoder.amountsAgree(s.index, t.index, g.index, layout: example.encoded.layout) {
                // Scored as the decoder scores them: the other two amounts are no rivals.
                for (name, member) in [("subtotal_amount", s), ("tax_amount", t), ("total_amount", g)] {
                    guard let scored = scoredByField[name], let best = scored.first(where: { $0.index == member.index }) else { continue }
                    let taken = FieldDecoder.summedPartners(of: name, chosen: chosen.mapValues(\.index), layout: example.encoded.layout)
                    pairs[member.pair].logOdds = FieldDecoder.valueLogOdds(of: best.value, among: scored, taken: taken)
                    pairs[member.pair].lead = FieldDecoder.lead(of: best.d, value: best.value, among: scored, taken: taken)
                    pairs[member.pair].group += FieldDecoder.summedSuffix
                }
            }
        }
        guard !pairs.isEmpty else { return (1, 0, 0, [:]) }
        func logLoss(_ pairs: [Pair], temperature: Float, shift: Float, margin: Float) -> Float {
            pairs.reduce(Float(0)) { sum, pair in
                let p = min(max(HeadSet.scaled(pair.logOdds, temperature: temperature, shift: shift, margin: margin, lead: pair.lead), 1e-6), 1 - 1e-6)
                return sum - (pair.correct ? Foundation.log(p) : Foundation.log(1 - p))
            }
        }
        var best: (temperature: Float, shift: Float, margin: Float) = (1, 0, 0), bestLoss = Float.infinity
        for step in 0..<61 {
            let t = 0.5 + Float(step) * 0.5
            for shiftStep in 0...40 {
                let shift = -4 + Float(shiftStep) * 0.2
                for marginStep in 0...10 {
                    let margin = Float(marginStep) * 0.04
                    let loss = logLoss(pairs, temperature: t, shift: shift, margin: margin)
                    if loss < bestLoss { (bestLoss, best) = (loss, (t, shift, margin)) }
                }
            }
        }
        // Then each kind of field with enough examples gets its own correction of the shift.
        var groups: [String: Float] = [:]
        for (group, members) in Dictionary(grouping: pairs, by: \.group) where members.count >= 30 {
            var bestExtra: Float = 0, bestGroupLoss = Float.infinity
            for step in 0...50 {
                let extra = -2 + Float(step) * 0.1
                let loss = logLoss(members, temperature: best.temperature, shift: best.shift + extra, margin: best.margin)
                if loss < bestGroupLoss { (bestGroupLoss, bestExtra) = (loss, extra) }
            }
            if bestExtra != 0 { groups[group] = bestExtra }
        }
        return (best.temperature, best.shift, best.margin, groups)
    }

    /// The type head alone. Every example is shown twice, with its title inputs and without
    /// them: generated pages always print their type's title, so a head that always saw it
    /// would read nothing else, and a real page whose title no wording matches would be left
    /// to vectors the head never learnt to weigh. A titled example is shown a third time with
    /// the training set's mean vectors in place of its own: the vectors tell generated types
    /// apart so well that the title would otherwise get next to no weight, and a real page whose
    /// vectors lean a little elsewhere ("Amazon Web Services Invoice" with its billing period
    /// and credits, a hotel's "PAYMENT RECEIPT") went with the vectors against its own title.
    public static func typeHead(_ examples: [Example], pipeline: Pipeline, seed: UInt64, epochs: Int) -> LinearHead {
        let types = types(in: examples, pipeline: pipeline)
        var typeOptions = LinearHead.Options()
        typeOptions.seed = seed
        typeOptions.epochs = epochs
        let neutral = EncodedLayout.neutralVectors(examples.map(\.encoded))
        return LinearHead.train(classes: types, examples: examples.flatMap { example -> [([Float], Int)] in
            guard let index = types.firstIndex(of: example.label.docType) else { return [] }
            var rows = [(example.encoded.typeFeatures(withTitles: true), index), (example.encoded.typeFeatures(withTitles: false), index)]
            if example.encoded.titleInputs.contains(1) { rows.append((neutral + example.encoded.titleInputs, index)) }
            return rows
        }, options: typeOptions)
    }

    /// The pipeline's types that the examples hold, in the pipeline's order.
    static func types(in examples: [Example], pipeline: Pipeline) -> [String] {
        pipeline.typeNames.filter { type in examples.contains { $0.label.docType == type } }
    }

    static func heads(_ examples: [Example], pipeline: Pipeline, encoderSHA256: String, seed: UInt64,
                      epochs: Int, note: String) -> HeadSet {
        HeadSet(encoderSHA256: encoderSHA256, typeHead: typeHead(examples, pipeline: pipeline, seed: seed, epochs: epochs),
                fieldHeads: fieldHeads(examples, pipeline: pipeline, seed: seed, epochs: epochs), trainedOn: note)
    }

    /// One head per field of every type the examples hold, or only the fields `only` names
    /// ("invoice.vendor_name"), for `docket train --fields`.
    public static func fieldHeads(_ examples: [Example], pipeline: Pipeline, seed: UInt64, epochs: Int,
                                  only: Set<String>? = nil) -> [String: [String: LinearHead]] {
        var fieldHeads: [String: [String: LinearHead]] = [:]
        for type in types(in: examples, pipeline: pipeline) {
            guard let schema = pipeline.settings(type)?.schema else { continue }
            let ofType = examples.filter { $0.label.docType == type }
            for rule in schema.fields where only?.contains("\(type).\(rule.name)") ?? true {
                let kinds = FieldRouting.kinds(for: rule)
                guard !kinds.isEmpty else { continue }
                var rows: [([Float], Int)] = []
                for example in ofType {
                    guard let wanted = example.label.fields[rule.name] else { continue }
                    for (i, c) in example.encoded.layout.candidates.enumerated() where FieldRouting.admits(c, rule, kinds: kinds) {
                        rows.append((example.encoded.features(i), FieldRouting.matches(c.value, wanted, kind: rule.kind) ? 1 : 0))
                    }
                }
                let positives = rows.filter { $0.1 == 1 }.count
                guard positives >= 2 else { continue }
                var options = LinearHead.Options()
                options.seed = seed
                options.epochs = epochs
                options.positiveWeight = min(20, Float(rows.count - positives) / Float(positives))
                fieldHeads[type, default: [:]][rule.name] = LinearHead.train(classes: ["no", "yes"], examples: rows, options: options)
            }
        }
        return fieldHeads
    }
}
