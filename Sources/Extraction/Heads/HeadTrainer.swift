import Foundation
import Parsing

/// A labelled document: its type and the values of its fields, as in `labels.jsonl`.
public struct LabelledDocument: Sendable {
    public var file: String
    public var docType: String
    public var fields: [String: String]

    public init(file: String, docType: String, fields: [String: String]) {
        (self.file, self.docType, self.fields) = (file, docType, fields)
    }

    /// Reads `labels.jsonl`: one {"file", "doc_type", "fields"} object per line; field values
    /// may be text or numbers. Files are relative to `folder`.
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
            if case .object(let pairs)? = object["fields"] {
                for (name, value) in pairs { if let text = value.stringValue { fields[name] = text } }
            }
            return LabelledDocument(file: (folder as NSString).appendingPathComponent(file), docType: type, fields: fields)
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

    public static func train(_ examples: [Example], pipeline: Pipeline, encoderSHA256: String, seed: UInt64 = 1,
                             epochs: Int = 40, note: String) -> HeadSet {
        let types = pipeline.typeNames.filter { type in examples.contains { $0.label.docType == type } }
        var typeOptions = LinearHead.Options()
        typeOptions.seed = seed
        typeOptions.epochs = epochs
        let typeHead = LinearHead.train(classes: types, examples: examples.compactMap { example in
            types.firstIndex(of: example.label.docType).map { (example.encoded.typeFeatures, $0) }
        }, options: typeOptions)

        var fieldHeads: [String: [String: LinearHead]] = [:]
        for type in types {
            guard let schema = pipeline.settings(type)?.schema else { continue }
            let ofType = examples.filter { $0.label.docType == type }
            for rule in schema.fields {
                let kinds = FieldRouting.kinds(for: rule)
                guard !kinds.isEmpty else { continue }
                var rows: [([Float], Int)] = []
                for example in ofType {
                    guard let wanted = example.label.fields[rule.name] else { continue }
                    for (i, c) in example.encoded.layout.candidates.enumerated() where kinds.contains(c.kind) {
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
        return HeadSet(encoderSHA256: encoderSHA256, typeHead: typeHead, fieldHeads: fieldHeads, trainedOn: note)
    }
}
