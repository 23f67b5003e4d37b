import Foundation

/// A pipeline: which document types it handles, how it classifies and extracts, each type's
/// schema and review threshold, and a version that is part of every job's idempotency key.
/// Loaded from `pipelines/<name>.yaml`; every problem is reported at start-up with file and line.
public struct Pipeline: Sendable {
    public struct TypeSettings: Sendable {
        public var schema: ResultSchema
        /// Results whose type or field confidence is below this go to review.
        public var reviewThreshold: Double
    }

    /// `withhold`: the field moves to the result's `withheld` list and the result can still be
    /// `ok` (the required fields decide); `review`: the result goes to review with
    /// `low_field_confidence:<field>`, as a required field's would.
    public enum UncertainFieldPolicy: String, Sendable, CaseIterable {
        case withhold, review
    }

    public struct Classifier: Sendable {
        /// A model folder or .gguf file; relative paths are looked up by the caller.
        public var encoder: String
        public var zeroShot: Bool
        public var maxTokens: Int
        /// Trained heads (`docket train`); when the file is absent, the zero-shot fallback runs.
        public var heads: String?
    }

    public var name: String
    public var version: String
    public var description: String
    public var classifier: Classifier
    public var verifyEmbeddedXML: Bool
    /// What an optional field read below its type's review threshold does to the result.
    public var uncertainOptionalFields: UncertainFieldPolicy = .withhold
    public var keepContent: Bool
    /// Days a document's bytes are kept after its jobs ended; workers purge older ones. nil: forever.
    public var contentDays: Int?
    /// In file order.
    public var types: [(String, TypeSettings)]

    public func settings(_ type: String) -> TypeSettings? { types.first { $0.0 == type }?.1 }
    public var typeNames: [String] { types.map(\.0) }

    /// Loads `<pipelines>/<name>.yaml` and the schemas it names from `schemas`.
    public static func load(name: String, pipelines: String, schemas: String) throws -> Pipeline {
        guard name.range(of: #"^[a-z0-9][a-z0-9_-]{0,62}$"#, options: .regularExpression) != nil else {
            throw ExtractionError("pipeline_name", "pipeline name '\(name)' must be lower-case letters, digits, - or _")
        }
        let path = (pipelines as NSString).appendingPathComponent("\(name).yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: pipelines)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            throw ExtractionError("pipeline_missing", "no pipeline '\(name)': \(path) does not exist (known: \(known.joined(separator: ", ")))")
        }
        let root = try ConfigNode.load(path)
        try root.onlyKeys(["version", "description", "classifier", "extractor", "retention", "types"], in: "the pipeline")
        guard let versionNode = root["version"] else { throw root.fail("the pipeline needs a version") }
        let version = try versionNode.string("version")
        guard !version.isEmpty, version.count <= 64 else { throw versionNode.fail("version must be 1 to 64 characters") }

        var classifier = Classifier(encoder: "models/all-MiniLM-L6-v2", zeroShot: true, maxTokens: 256, heads: nil)
        if let node = root["classifier"] {
            try node.onlyKeys(["encoder", "zero_shot", "max_tokens", "heads"], in: "classifier")
            classifier.heads = try node["heads"]?.string("classifier.heads")
            classifier.encoder = try node["encoder"]?.string("classifier.encoder") ?? classifier.encoder
            classifier.zeroShot = try node["zero_shot"]?.bool("classifier.zero_shot") ?? classifier.zeroShot
            if let tokens = node["max_tokens"] {
                classifier.maxTokens = try tokens.int("classifier.max_tokens")
                guard (16...512).contains(classifier.maxTokens) else { throw tokens.fail("classifier.max_tokens must be 16 to 512") }
            }
        }
        var verify = true
        var uncertain = UncertainFieldPolicy.withhold
        if let node = root["extractor"] {
            try node.onlyKeys(["verify_embedded_xml", "uncertain_optional_fields"], in: "extractor")
            verify = try node["verify_embedded_xml"]?.bool("extractor.verify_embedded_xml") ?? true
            if let policy = node["uncertain_optional_fields"] {
                let text = try policy.string("extractor.uncertain_optional_fields")
                guard let parsed = UncertainFieldPolicy(rawValue: text) else {
                    throw policy.fail("extractor.uncertain_optional_fields must be withhold or review, not '\(text)'")
                }
                uncertain = parsed
            }
        }
        var keep = true
        var contentDays: Int? = 90
        if let node = root["retention"] {
            try node.onlyKeys(["keep_content", "content_days"], in: "retention")
            keep = try node["keep_content"]?.bool("retention.keep_content") ?? true
            if let days = node["content_days"] {
                if days.node.scalar?.string == "forever" {
                    contentDays = nil
                } else {
                    contentDays = try days.int("retention.content_days")
                    guard contentDays! >= 0 else { throw days.fail("retention.content_days must be 0 or more, or forever") }
                }
            }
        }

        guard let typesNode = root["types"] else { throw root.fail("the pipeline needs types (each with a schema)") }
        var types: [(String, TypeSettings)] = []
        for (type, spec) in try typesNode.entries("types") {
            try spec.onlyKeys(["schema", "review_threshold"], in: "type '\(type)'")
            guard let schemaNode = spec["schema"] else { throw spec.fail("type '\(type)' needs a schema") }
            let schemaName = try schemaNode.string("schema")
            let schema: ResultSchema
            do {
                schema = try ResultSchema.load(type: schemaName, folder: schemas)
            } catch let error as ExtractionError where error.code == "schema_missing" {
                throw schemaNode.fail(error.message)
            }
            let threshold = try spec["review_threshold"]?.double("review_threshold") ?? 0.9
            guard (0...1).contains(threshold) else { throw spec.fail("review_threshold of '\(type)' must be between 0 and 1") }
            var typed = schema
            typed.docType = type
            types.append((type, TypeSettings(schema: typed, reviewThreshold: threshold)))
        }
        guard types.contains(where: { $0.0 == "other" }) else {
            throw typesNode.fail("types must include 'other', where documents of no known type go")
        }
        var pipeline = Pipeline(name: name, version: version, description: try root["description"]?.string("description") ?? "",
                                classifier: classifier, verifyEmbeddedXML: verify, keepContent: keep, contentDays: contentDays, types: types)
        pipeline.uncertainOptionalFields = uncertain
        return pipeline
    }
}
