import Foundation
import Parsing

/// Turns a parsed document into results under a pipeline: the structured path for recognized
/// standards (exact, confidence 1), the classifier for everything else, then normalization,
/// schema validation and review routing. Pure apart from the classifier's model, which is
/// loaded on first need by `classifierLoader` (nil when no model is installed).
public final class Extractor: @unchecked Sendable {
    public let pipeline: Pipeline
    private let classifierLoader: () throws -> ZeroShotClassifier?
    private let lock = NSLock()
    private var classifier: Result<ZeroShotClassifier?, Error>?

    public init(pipeline: Pipeline, classifier: @escaping () throws -> ZeroShotClassifier?) {
        self.pipeline = pipeline
        classifierLoader = classifier
    }

    /// The classifier, loaded once; a load failure is remembered and reported in each result.
    func loadedClassifier() -> Result<ZeroShotClassifier?, Error> {
        lock.withLock {
            if let classifier { return classifier }
            let loaded = Result { try classifierLoader() }
            classifier = loaded
            return loaded
        }
    }

    public func extract(_ document: ParsedDocument, file: String? = nil) -> [DocumentResult] {
        let started = Date()
        var results = structured(document) ?? [unstructured(document)]
        let elapsed = Date().timeIntervalSince(started) * 1000
        for index in results.indices {
            results[index].file = file
            results[index].timings.append(("extract", elapsed))
            results[index] = ReviewRouting.finish(results[index], pipeline: pipeline)
        }
        return results
    }

    /// Results from a recognized standard, or nil when there is none Docket maps.
    func structured(_ document: ParsedDocument) -> [DocumentResult]? {
        guard let standard = document.standard, let items = StructuredMapping.items(standard), !items.isEmpty else { return nil }
        let page = document.format == .pdf && pipeline.verifyEmbeddedXML ? VisibleText(document.text) : nil
        return items.enumerated().map { index, item in
            var item = item
            var reasons: [String] = []
            if let page {
                let check = EmbeddedInvoiceCheck.verify(item, against: page)
                item = check.kept
                let required = pipeline.settings(item.docType)?.schema.required ?? []
                reasons += check.unverified.filter(required.contains).map { "embedded_xml_unverified:\($0)" }
            }
            return DocumentResult(itemIndex: index, docType: item.docType, confidence: 1, decidedBy: .structure, reasons: reasons,
                                  fields: item.fields.map { ($0.0, ExtractedField(value: $0.1, confidence: 1, decidedBy: .structure)) })
        }
    }

    func unstructured(_ document: ParsedDocument) -> DocumentResult {
        if document.format == .pdf && (document.pages.isEmpty || document.pages.allSatisfy(\.needsOCR)) {
            return DocumentResult(docType: "other", confidence: 0, decidedBy: .none, reasons: ["no_text_layer"])
        }
        switch loadedClassifier() {
        case .failure(let error):
            return DocumentResult(docType: "other", confidence: 0, decidedBy: .none, reasons: ["classifier_unavailable: \(error)"])
        case .success(nil):
            return DocumentResult(docType: "other", confidence: 0, decidedBy: .none, reasons: ["classifier_unavailable: no encoder model installed"])
        case .success(let classifier?):
            let started = Date()
            let ranked = classifier.rank(Self.openingText(document))
            let ms = Date().timeIntervalSince(started) * 1000
            let best = ranked.first!, second = ranked.dropFirst().first
            // Field extraction for unstructured documents is not built yet: say so in the result.
            let reasons = best.type == "other" ? [] : ["no_field_extractor"]
            return DocumentResult(docType: best.type, confidence: best.probability, runnerUp: second?.type,
                                  runnerUpConfidence: second?.probability, decidedBy: .zeroShot, reasons: reasons,
                                  timings: [("classify", ms)], models: [classifier.model])
        }
    }

    /// Title and first page: what a person reads to tell a document's type.
    static func openingText(_ document: ParsedDocument) -> String {
        let body = document.pages.first?.text ?? document.text
        return [document.metadata.title, body].compactMap { $0 }.joined(separator: "\n")
    }
}
