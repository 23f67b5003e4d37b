import Foundation
import Parsing

/// Turns a parsed document into results under a pipeline: the structured path for recognized
/// standards (exact, confidence 1), the classifier for everything else, then normalization,
/// schema validation and review routing. Pure apart from the classifier's model, which is
/// loaded on first need by `modelLoader` (nil when no model is installed).
public final class Extractor: @unchecked Sendable {
    public let pipeline: Pipeline
    private let modelLoader: () throws -> DocumentModel?
    private let lock = NSLock()
    private var model: Result<DocumentModel?, Error>?

    public init(pipeline: Pipeline, model: @escaping () throws -> DocumentModel?) {
        self.pipeline = pipeline
        modelLoader = model
    }

    /// The model, loaded once; a load failure is remembered and reported in each result.
    public func loadedModel() -> Result<DocumentModel?, Error> {
        lock.withLock {
            if let model { return model }
            let loaded = Result { try modelLoader() }
            model = loaded
            return loaded
        }
    }

    /// `explain`: how many of the values each field's head considered to list in the result
    /// (`considered`), best first; 0 lists none.
    public func extract(_ document: ParsedDocument, file: String? = nil, explain: Int = 0) -> [DocumentResult] {
        let started = Date()
        var results = structured(document) ?? [unstructured(document, explain: explain)]
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
            var fromPage: [(String, ExtractedField)] = []
            var models: [ModelIdentity] = []
            if let page {
                let check = EmbeddedInvoiceCheck.verify(item, against: page)
                item = check.kept
                let settings = pipeline.settings(item.docType)
                let required = settings?.schema.required ?? []
                reasons += check.unverified.filter(required.contains).map { "embedded_xml_unverified:\($0)" }
                if !check.unverified.isEmpty {
                    // A field the schema does not require is only worth the page's value when it is
                    // sure enough not to send the result to review by itself.
                    let threshold = settings?.reviewThreshold ?? 1
                    let read = pageFields(document, docType: item.docType)
                    fromPage = read.fields.filter { name, field in
                        check.unverified.contains(name) && (required.contains(name) || field.confidence >= threshold)
                    }
                    if !fromPage.isEmpty { models = read.models }
                }
            }
            return DocumentResult(itemIndex: index, docType: item.docType, confidence: 1, decidedBy: .structure, reasons: reasons,
                                  fields: item.fields.map { ($0.0, ExtractedField(value: $0.1, confidence: 1, decidedBy: .structure)) } + fromPage,
                                  models: models)
        }
    }

    /// The fields the heads read off the pages for a type known beforehand. Where an embedded
    /// e-invoice and its visible page disagree, the page is the document the parties signed:
    /// weclapp's XML says 963.11 under a printed "Endsumme 963,12 €". The page's value is given
    /// with the head's confidence, and the result still goes to review when a required field
    /// disagreed.
    /// `models`: the encoder and heads that read them, for the result's provenance.
    func pageFields(_ document: ParsedDocument, docType: String) -> (fields: [(String, ExtractedField)], models: [ModelIdentity]) {
        guard case .success(let model?) = loadedModel(), let heads = model.heads, !document.pages.isEmpty,
              let schema = pipeline.settings(docType)?.schema, let fieldHeads = heads.fieldHeads[docType] else { return ([], []) }
        return (decodeFields(encode(document, model), schema: schema, fieldHeads: fieldHeads, heads: heads).fields, identities(model))
    }

    /// The document's layout with the encoder's vectors (none when the model is the ablation).
    func encode(_ document: ParsedDocument, _ model: DocumentModel) -> EncodedLayout {
        EncodedLayout(DocumentLayout(document), encoder: model.withoutEncoderFeatures ? nil : model.encoder)
    }

    /// The encoder and, when trained, the heads: what a result names as its models.
    func identities(_ model: DocumentModel) -> [ModelIdentity] {
        [model.identity] + (model.headsIdentity.map { [$0] } ?? [])
    }

    func decodeFields(_ encoded: EncodedLayout, schema: ResultSchema, fieldHeads: [String: LinearHead], heads: HeadSet)
        -> (fields: [(String, ExtractedField)], reasons: [String], ranked: [String: FieldDecoder.Ranked]) {
        FieldDecoder.decode(encoded, schema: schema, heads: fieldHeads, temperature: heads.fieldTemperature, shift: heads.fieldShift,
                            margin: heads.fieldMargin, groupShift: heads.fieldGroupShift)
    }

    func unstructured(_ parsed: ParsedDocument, explain: Int = 0) -> DocumentResult {
        let document = TextPages.laidOut(parsed)
        if document.format.hasPages && (document.pages.isEmpty || document.pages.allSatisfy(\.needsOCR)) {
            return DocumentResult(docType: "other", confidence: 0, decidedBy: .none, reasons: ["no_text_layer"])
        }
        switch loadedModel() {
        case .failure(let error):
            return DocumentResult(docType: "other", confidence: 0, decidedBy: .none, reasons: ["classifier_unavailable: \(error)"])
        case .success(nil):
            return DocumentResult(docType: "other", confidence: 0, decidedBy: .none, reasons: ["classifier_unavailable: no encoder model installed"])
        case .success(let model?):
            if let heads = model.heads, !document.pages.isEmpty { return withHeads(document, model: model, heads: heads, explain: explain) }
            let started = Date()
            let ranked = model.zeroShot.rank(Self.openingText(document))
            let ms = Date().timeIntervalSince(started) * 1000
            let best = ranked.first!, second = ranked.dropFirst().first
            // Without trained heads there is no field extraction for unstructured documents.
            let reasons = best.type == "other" ? [] : ["no_field_extractor"]
            return DocumentResult(docType: best.type, confidence: best.probability, runnerUp: second?.type,
                                  runnerUpConfidence: second?.probability, decidedBy: .zeroShot, reasons: reasons,
                                  timings: [("classify", ms)], models: [model.identity])
        }
    }

    /// The trained path: encode the page's lines once, classify with the type head, then let
    /// each field's head pick among the candidates.
    func withHeads(_ document: ParsedDocument, model: DocumentModel, heads: HeadSet, explain: Int = 0) -> DocumentResult {
        let started = Date()
        let encoded = encode(document, model)
        let probabilities = heads.typeHead.probabilities(encoded.typeFeatures)
        let ranked = zip(heads.typeHead.classes, probabilities).sorted { $0.1 > $1.1 }
        let classified = Date()
        var result = DocumentResult(docType: ranked[0].0, confidence: Double(ranked[0].1), runnerUp: ranked.count > 1 ? ranked[1].0 : nil,
                                    runnerUpConfidence: ranked.count > 1 ? Double(ranked[1].1) : nil, decidedBy: .head,
                                    models: identities(model))
        if let schema = pipeline.settings(result.docType)?.schema, let fieldHeads = heads.fieldHeads[result.docType] {
            let decoded = decodeFields(encoded, schema: schema, fieldHeads: fieldHeads, heads: heads)
            result.fields = decoded.fields
            result.reasons += decoded.reasons
            if explain > 0 {
                result.considered = schema.fields.compactMap { rule in
                    guard let ranked = decoded.ranked[rule.name], !ranked.isEmpty else { return nil }
                    // One entry per value: the same value printed twice is one choice.
                    var seen = Set<String>()
                    let best = ranked.filter { seen.insert(encoded.layout.candidates[$0.index].value).inserted }.prefix(explain)
                    return (rule.name, best.map { index, p in
                        let c = encoded.layout.candidates[index]
                        return ConsideredValue(value: c.value, score: Double(p), label: c.label, page: c.page, bbox: c.bbox)
                    })
                }
            }
        }
        // Stage times in ms; encoder_tokens is a count, kept beside them for `docket bench e2e`.
        result.timings = [("classify", classified.timeIntervalSince(started) * 1000), ("fields", Date().timeIntervalSince(classified) * 1000),
                          ("encoder_tokens", Double(encoded.tokens))]
        return result
    }

    /// Title and first page: what a person reads to tell a document's type.
    static func openingText(_ document: ParsedDocument) -> String {
        let body = document.pages.first?.text ?? document.text
        return [document.metadata.title, body].compactMap { $0 }.joined(separator: "\n")
    }
}
