import ArgumentParser
import DocketSupport
import Extraction
import Foundation
import Parsing

/// Parses and encodes labelled documents for training or evaluation.
struct LabelledFolder {
    var folder: String

    var labelsPath: String {
        let inside = (folder as NSString).appendingPathComponent("labels.jsonl")
        return FileManager.default.fileExists(atPath: inside) ? inside : folder + ".labels.jsonl"
    }

    func documents() throws -> [LabelledDocument] { try LabelledDocument.read(labelsPath, folder: folder) }

    /// Each labelled file parsed; files that fail to parse are reported and left out.
    func parsed(_ pool: ParserProcessPool) throws -> [(LabelledDocument, ParsedDocument)] {
        try documents().compactMap { label in
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: label.file))
                return (label, try DocumentParser.parse(data, fileName: (label.file as NSString).lastPathComponent, isolatingPDFsIn: pool))
            } catch {
                printError("docket: \(label.file): \(error); left out")
                return nil
            }
        }
    }
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the type head and the field heads from a folder of labelled PDFs (labels.jsonl).",
        discussion: """
            labels.jsonl has one {"file", "doc_type", "fields"} object per line (docket synth and docket \
            export-labels write it). Every PDF is parsed, its lines and labels are encoded once by the \
            pipeline's encoder, and a softmax head is trained for the type and one per field over the \
            candidates. The heads are tagged with the encoder's SHA-256 and refused with another encoder. \
            A second file, <out>.ablated.json, holds heads trained without encoder features, for \
            docket eval --ablate.
            """)
    @OptionGroup var pipelineOptions: PipelineOptions
    @Option(help: "Folder with labels.jsonl (or beside it as <DIR>.labels.jsonl).") var data: String
    @Option(help: "Where the heads go (default: heads/<pipeline>.json in the heads folder).") var out: String?
    @Option(help: "Seed for shuffling.") var seed: UInt64 = 1
    @Option(help: "Passes over the training examples.") var epochs = 40
    @Flag(help: "Train only the type head and keep the field heads and their scaling of the heads file at --out (and its .ablated.json).")
    var typeHeadOnly = false
    @Option(parsing: .upToNextOption,
            help: "Train only these field heads (TYPE.FIELD, e.g. invoice.vendor_name) and keep the type head, the other field heads and the confidence scaling of the heads file at --out (and its .ablated.json).")
    var fields: [String] = []

    /// `--fields` as type and field, once `validate` has checked their shape.
    var namedFields: [(type: String, field: String)] {
        fields.map { name in
            let parts = name.split(separator: ".").map(String.init)
            return (parts[0], parts[1])
        }
    }

    func validate() throws {
        if typeHeadOnly && !fields.isEmpty { throw ValidationError("--type-head-only and --fields each keep what the other trains; give one") }
        for name in fields where name.split(separator: ".").count != 2 {
            throw ValidationError("--fields takes TYPE.FIELD names such as invoice.vendor_name, not \"\(name)\"")
        }
    }

    func run() throws {
        let pipeline = try pipelineOptions.load()
        guard let encoderPath = resolveModel(pipeline.classifier.encoder) else {
            throw SupportError(code: "model_missing", message: "encoder \(pipeline.classifier.encoder) is not installed (scripts/setup.sh downloads it)")
        }
        let types = pipeline.types.map { (name: $0.0, description: $0.1.schema.description) }
        let model = try DocumentModel(encoderPath: encoderPath, types: types, maxTokens: pipeline.classifier.maxTokens, headsPath: nil)
        // Settled before the minutes of encoding and training, so a bad --out fails at once.
        let path = try out ?? ((try ResourceLocator().locate(.heads)) as NSString).appendingPathComponent("\(pipeline.name).json")
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw SupportError(code: "bad_output", message: "cannot create the folder of \(path): \(error.localizedDescription)")
        }
        for (type, field) in namedFields {
            guard let schema = pipeline.settings(type)?.schema else {
                throw SupportError(code: "unknown_field", message: "--fields \(type).\(field): the pipeline has no type \(type) (types: \(pipeline.typeNames.joined(separator: ", ")))")
            }
            guard schema.fields.contains(where: { $0.name == field }) else {
                throw SupportError(code: "unknown_field", message: "--fields \(type).\(field): \(type) has no field \(field) (fields: \(schema.fields.map(\.name).joined(separator: ", ")))")
            }
        }
        // Read before the encoding too: with --type-head-only or --fields the rest must be there.
        let kept = try typeHeadOnly || !fields.isEmpty ? (try HeadSet.load(path, encoderSHA256: model.identity.sha256, anyTypeHead: true),
                                       try HeadSet.load(String(path.dropLast(5)) + ".ablated.json", encoderSHA256: model.identity.sha256,
                                                        anyTypeHead: true)) : nil
        let pool = ParserProcessPool(options: .init(executable: ResourceLocator.currentExecutablePath()))
        let started = Date()
        let documents = try LabelledFolder(folder: data).parsed(pool).map { ($0.0, TextPages.laidOut($0.1)) }.filter { !$0.1.pages.isEmpty }
        guard !documents.isEmpty else { throw SupportError(code: "no_training_data", message: "\(data) has no labelled PDFs, images or text files") }
        var examples: [HeadTrainer.Example] = [], ablated: [HeadTrainer.Example] = [], tokens = 0
        for (index, (label, document)) in documents.enumerated() {
            let layout = DocumentLayout(document)
            let encoded = EncodedLayout(layout, encoder: model.encoder)
            tokens += encoded.tokens
            examples.append(.init(encoded: encoded, label: label))
            ablated.append(.init(encoded: EncodedLayout(layout, encoder: nil), label: label))
            if (index + 1) % 50 == 0 { printError("docket train: encoded \(index + 1)/\(documents.count) documents") }
        }
        let note = "\(documents.count) documents from \(data), seed \(seed), \(epochs) epochs"
        var heads: HeadSet, plain: HeadSet
        if let (kept, plainKept) = kept {
            // Only the named part is trained again; the rest of the file stays as it was.
            let part = fields.isEmpty ? "type head" : fields.joined(separator: ", ")
            func retrain(_ kept: HeadSet, on examples: [HeadTrainer.Example], note: String) throws -> HeadSet {
                var set = kept
                if fields.isEmpty {
                    set.typeHead = HeadTrainer.typeHead(examples, pipeline: pipeline, seed: seed, epochs: epochs)
                    set.typeFeatureVersion = HeadSet.typeFeatureVersion
                } else {
                    let trained = HeadTrainer.fieldHeads(examples, pipeline: pipeline, seed: seed, epochs: epochs, only: Set(fields))
                    for (type, field) in namedFields {
                        guard let head = trained[type]?[field] else {
                            throw SupportError(code: "no_training_data", message: "\(data) has fewer than two labelled \(type).\(field) values that are candidates; no head was trained")
                        }
                        set.fieldHeads[type, default: [:]][field] = head
                    }
                }
                set.trainedOn += "; \(part): " + note
                return set
            }
            heads = try retrain(kept, on: examples, note: note)
            plain = try retrain(plainKept, on: ablated, note: note + ", without encoder features")
        } else {
            heads = HeadTrainer.train(examples, pipeline: pipeline, encoderSHA256: model.identity.sha256, seed: seed, epochs: epochs, note: note)
            plain = HeadTrainer.train(ablated, pipeline: pipeline, encoderSHA256: model.identity.sha256, seed: seed, epochs: epochs,
                                      note: note + ", without encoder features")
        }
        try heads.save(path)
        try plain.save(String(path.dropLast(5)) + ".ablated.json")
        let fieldCount = heads.fieldHeads.values.reduce(0) { $0 + $1.count }
        let trainingAccuracy = Double(examples.filter { example in
            let p = heads.typeHead.probabilities(example.encoded.typeFeatures)
            return heads.typeHead.classes[p.indices.max { p[$0] < p[$1] }!] == example.label.docType
        }.count) / Double(examples.count)
        print("trained on \(documents.count) documents (\(tokens / max(1, documents.count)) encoder tokens each) in \(Int(Date().timeIntervalSince(started))) s")
        print("  type head: \(heads.typeHead.classes.count) types, training accuracy \(String(format: "%.3f", trainingAccuracy))")
        print("  field heads: \(fieldCount) across \(heads.fieldHeads.count) types, confidence scaling σ(d/\(heads.fieldTemperature) + \(heads.fieldShift) + \(heads.fieldMargin)·lead)"
              + (heads.fieldGroupShift.isEmpty ? "" : ", per kind of field " + heads.fieldGroupShift.sorted { $0.key < $1.key }
                  .map { "\($0.key) \(String(format: "%+.1f", $0.value))" }.joined(separator: ", ")))
        print("  wrote \(path) and its .ablated.json")
    }
}

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the pipeline on labelled documents: type accuracy, field precision/recall/F1, candidate recall, ok rate and precision, calibration.",
        discussion: "--ablate uses the heads trained without encoder features (written by docket train beside the heads), to show what the encoder adds.")
    @OptionGroup var pipelineOptions: PipelineOptions
    @Option(help: "Folder with labels.jsonl (or beside it as <DIR>.labels.jsonl).") var data: String
    @Option(help: "Heads to use instead of the pipeline's.") var heads: String?
    @Flag(help: "Use the heads trained without encoder features.") var ablate = false
    @Flag(help: "Ignore recognized standards (e-invoice XML inside PDFs too), so every document goes through the heads.")
    var ignoreStructure = false
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        var pipeline = try pipelineOptions.load()
        if let heads { pipeline.classifier.heads = heads }
        if ablate, let path = pipeline.classifier.heads.flatMap({ resolveResource($0, kind: .heads) }) {
            pipeline.classifier.heads = String(path.dropLast(5)) + ".ablated.json"
        }
        let chosen = pipeline
        let extractor = Extractor(pipeline: chosen) {
            guard let encoder = resolveModel(chosen.classifier.encoder) else { return nil }
            let model = try DocumentModel(encoderPath: encoder, types: chosen.types.map { (name: $0.0, description: $0.1.schema.description) },
                                          maxTokens: chosen.classifier.maxTokens,
                                          headsPath: chosen.classifier.heads.flatMap { resolveResource($0, kind: .heads) })
            model.withoutEncoderFeatures = ablate
            return model
        }
        if case .failure(let error) = extractor.loadedModel() { throw error }
        let pool = ParserProcessPool(options: .init(executable: ResourceLocator.currentExecutablePath()))
        var evaluation = Evaluation()
        for (label, parsed) in try LabelledFolder(folder: data).parsed(pool) {
            var document = parsed
            if ignoreStructure {
                guard document.format.hasPages || document.format == .text else { continue }
                document.standard = nil
            }
            guard let result = extractor.extract(document).first else { continue }
            let laid = TextPages.laidOut(document)
            evaluation.add(result, label: label, schema: pipeline.settings(label.docType)?.schema,
                           layout: laid.format.hasPages || !laid.pages.isEmpty ? DocumentLayout(laid) : nil)
        }
        if json { return try printEvaluation(evaluation) }
        let all = evaluation.overall
        print("evaluated \(evaluation.documents) documents\(ablate ? " (ablated: no encoder features)" : "")")
        print(String(format: "  type accuracy     %.3f   (ECE %.3f)", evaluation.typeAccuracy, evaluation.typeCalibration.ece))
        print(String(format: "  fields            P %.3f  R %.3f  F1 %.3f   (ECE %.3f)", all.precision, all.recall, all.f1, evaluation.fieldCalibration.ece))
        print(String(format: "  candidate recall  %.3f", Double(all.candidateHits) / Double(max(1, all.candidateTotal))))
        // Precision over no fields at all (ok results of types without fields) is not 0: say so.
        let okPrecision = evaluation.okFieldsTotal == 0 ? "n/a (no fields in ok results)" : String(format: "%.3f", evaluation.okPrecision)
        print(String(format: "  ok rate           %.3f   ok precision ", evaluation.okRate) + okPrecision)
        print("  withheld          \(evaluation.withheldTotal) labelled fields, \(evaluation.withheldCorrect) of them right")
        print("  per type (documents, correct):")
        for (type, counts) in evaluation.perType.sorted(by: { $0.key < $1.key }) { print("    \(type): \(counts[0]), \(counts[1])") }
        print("  per field: P / R / F1 / candidate recall")
        for score in evaluation.fields.values.sorted(by: { $0.field < $1.field }) {
            print(String(format: "    %-24@ %.2f / %.2f / %.2f / %@", score.field as NSString, score.precision, score.recall, score.f1,
                         (score.candidateTotal == 0 ? "-" : String(format: "%.2f", Double(score.candidateHits) / Double(score.candidateTotal))) as NSString))
        }
        print("  type confidence bins (confidence → accuracy, count):")
        for bin in evaluation.typeCalibration.bins { print(String(format: "    %.1f–%.1f  %.2f → %.2f  (%d)", bin.lower, bin.upper, bin.meanConfidence, bin.accuracy, bin.count)) }
    }

    func printEvaluation(_ e: Evaluation) throws {
        func number(_ x: Double) -> JSONValue { .number(String(format: "%.4f", x)) }
        func bins(_ calibration: (bins: [Evaluation.Bin], ece: Double)) -> JSONValue {
            .array(calibration.bins.map { bin in
                .object([("lower", number(bin.lower)), ("upper", number(bin.upper)), ("count", .number(String(bin.count))),
                         ("confidence", number(bin.meanConfidence)), ("accuracy", number(bin.accuracy))])
            })
        }
        let all = e.overall
        print(encodeLine(.object([
            ("documents", .number(String(e.documents))), ("type_accuracy", number(e.typeAccuracy)),
            ("field_precision", number(all.precision)), ("field_recall", number(all.recall)), ("field_f1", number(all.f1)),
            ("candidate_recall", number(Double(all.candidateHits) / Double(max(1, all.candidateTotal)))),
            ("ok_rate", number(e.okRate)), ("ok_precision", e.okFieldsTotal == 0 ? .null : number(e.okPrecision)),
            ("withheld_fields", .number(String(e.withheldTotal))), ("withheld_right", .number(String(e.withheldCorrect))),
            ("type_ece", number(e.typeCalibration.ece)), ("field_ece", number(e.fieldCalibration.ece)),
            ("type_bins", bins(e.typeCalibration)), ("field_bins", bins(e.fieldCalibration)),
            ("per_type", .object(e.perType.sorted { $0.key < $1.key }.map { type, counts in
                (type, .object([("documents", .number(String(counts[0]))), ("correct", .number(String(counts[1])))]))
            })),
            ("per_field", .object(e.fields.values.sorted { $0.field < $1.field }.map { score in
                (score.field, .object([("precision", number(score.precision)), ("recall", number(score.recall)), ("f1", number(score.f1)),
                                       ("candidate_recall", score.candidateTotal == 0 ? .null : number(Double(score.candidateHits) / Double(score.candidateTotal)))]))
            })),
            ("ablated", .bool(ablate)),
        ])))
    }
}
