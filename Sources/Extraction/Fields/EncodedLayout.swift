import Foundation
import Inference

/// A layout with its encoder vectors: every line and every distinct label embedded once, in
/// batches, plus the opening text for the type head. Classification and every candidate of
/// every field reuse these vectors.
public struct EncodedLayout: Sendable {
    public var layout: DocumentLayout
    public var lineVectors: [[Float]]
    public var labelVectors: [String: [Float]]
    public var documentVector: [Float]
    /// Whether the first page's title names each of `TypeTitles.types` (type feature version 2).
    public var titleInputs: [Float]
    /// Encoder tokens spent on this document.
    public var tokens: Int
    public let dimension: Int

    public init(_ layout: DocumentLayout, encoder: BertEncoder?, dimension: Int = 384) {
        self.layout = layout
        self.dimension = dimension
        titleInputs = TypeTitles.inputs(layout.lines)
        guard let encoder else {
            // The ablation: no encoder features at all.
            lineVectors = layout.lines.map { _ in [Float](repeating: 0, count: dimension) }
            labelVectors = [:]
            documentVector = [Float](repeating: 0, count: dimension)
            tokens = 0
            return
        }
        let labels = Array(Set(layout.candidates.map(\.label).filter { !$0.isEmpty })).sorted()
        // Labels with what they mean (feature version 3): "Endsumme (total amount due)".
        let texts = layout.lines.map(\.text) + labels.map(LabelGlossary.embeddingText(of:))
        let sequences = texts.map { encoder.tokenizer.encode($0, maxLength: 48).ids }
        // What the page's labels mean goes first, so truncation keeps it (feature version 3).
        let opening = encoder.tokenizer.encode(LabelGlossary.summary(of: layout.lines.map(\.text)) + "\n" + layout.openingText,
                                               maxLength: encoder.maxTokens).ids
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: sequences.count, by: 64) {
            vectors += encoder.embed(batch: Array(sequences[start..<min(start + 64, sequences.count)]))
        }
        lineVectors = Array(vectors.prefix(layout.lines.count))
        labelVectors = Dictionary(uniqueKeysWithValues: zip(labels, vectors.dropFirst(layout.lines.count)))
        documentVector = encoder.embed(ids: opening)
        tokens = sequences.reduce(0) { $0 + $1.count } + opening.count
    }

    /// The type head's input: the opening text's vector, the mean of the line vectors, and
    /// what the title names (`TypeTitles`).
    public var typeFeatures: [Float] { typeFeatures(withTitles: true) }

    /// `withTitles: false` gives the title inputs as zeros: what training shows the head on
    /// half its examples, so it cannot lean on titles alone.
    public func typeFeatures(withTitles: Bool) -> [Float] {
        var mean = [Float](repeating: 0, count: dimension)
        for v in lineVectors { for i in 0..<dimension { mean[i] += v[i] } }
        let n = Float(max(1, lineVectors.count))
        return documentVector + mean.map { $0 / n } + (withTitles ? titleInputs : titleInputs.map { _ in 0 })
    }

    /// The vector part of the type features averaged over many documents: vectors that say
    /// nothing of one document's type.
    public static func neutralVectors(_ layouts: [EncodedLayout]) -> [Float] {
        guard let first = layouts.first else { return [] }
        var sum = [Float](repeating: 0, count: 2 * first.dimension)
        for layout in layouts {
            for (i, x) in layout.typeFeatures(withTitles: false).prefix(sum.count).enumerated() { sum[i] += x }
        }
        return sum.map { $0 / Float(layouts.count) }
    }

    /// A candidate's input to a field head: layout features, then its label's and line's vectors.
    public func features(_ index: Int) -> [Float] {
        let c = layout.candidates[index]
        let size = layout.pageSizes[c.page] ?? (612, 792)
        var kind = [Float](repeating: 0, count: FieldCandidate.Kind.allCases.count)
        kind[FieldCandidate.Kind.allCases.firstIndex(of: c.kind)!] = 1
        let sameKind = layout.candidates.filter { $0.kind == c.kind }
        var amountRank: Float = 0
        if c.kind == .amount, let value = Double(c.value) {
            let larger = sameKind.filter { (Double($0.value) ?? 0) > value }.count
            amountRank = 1 - Float(larger) / Float(max(1, sameKind.count))
        }
        let digits = Float(c.value.filter(\.isNumber).count) / Float(max(1, c.value.count))
        let letters = Float(c.value.filter(\.isLetter).count) / Float(max(1, c.value.count))
        let words = c.value.split(whereSeparator: \.isWhitespace).count
        let base: [Float] = kind + [
            Float(c.bbox[0] / size.width), Float(c.bbox[1] / size.height), Float((c.bbox[2] - c.bbox[0]) / size.width),
            Float(c.fontSize / max(layout.largestFont, 1)), c.bold ? 1 : 0, c.ambiguous ? 1 : 0, c.label.isEmpty ? 1 : 0,
            c.currency == nil ? 0 : 1, amountRank, sameKind.last.map { $0.line == c.line && $0.bbox == c.bbox } == true ? 1 : 0,
            Float(c.line) / Float(max(1, layout.lines.count)), digits, Float(min(c.value.count, 60)) / 60, c.line < 3 ? 1 : 0,
            // Lexical shape (feature version 2): what the encoder's line vector blurs.
            c.looksLikeMoney ? 1 : 0, c.hasLegalForm ? 1 : 0, letters, Float(min(words, 8)) / 8,
            ValueShape.looksLikeTaxID(c.value) ? 1 : 0, ValueShape.looksLikeIdentifier(c.value) && words == 1 ? 1 : 0,
            // A label, and a line as busy as a table row or header.
            c.endsWithColon ? 1 : 0, Float(min(layout.lines[c.line].phrases.count, 6)) / 6,
            // The value reads as a printed label itself (feature version 3).
            c.kind == .phrase ? LabelGlossary.labelCoverage(of: c.value) : 0,
            // The name shows up again: in a printed domain, on other lines (feature version 4).
            c.inPrintedDomain ? 1 : 0, Float(min(c.otherMentions, 3)) / 3,
            // The top of an address block, or a line inside one (feature version 5).
            Float(c.addressBlock.addressLinesBelow) / Float(DocumentLayout.addressBlockDepth),
            Float(min(c.addressBlock.linesAbove, 3)) / 3, c.addressBlock.afterAddressLine ? 1 : 0,
        ]
        let label = labelVectors[c.label] ?? [Float](repeating: 0, count: dimension)
        return base + label + lineVectors[c.line]
    }
}
