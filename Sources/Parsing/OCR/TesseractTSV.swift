import Foundation

/// Tesseract's TSV output turned into a page: words with boxes in page coordinates and the
/// text in tesseract's reading order. Pure, so the mapping is tested without tesseract.
///
/// TSV columns: level, page_num, block_num, par_num, line_num, word_num, left, top, width,
/// height, conf, text. Level 4 rows are lines, level 5 rows words; boxes are in pixels.
enum TesseractTSV {
    /// Words tesseract is less sure of than this (0-100) are left out: on a clean scan they are
    /// specks and rules read as "|" or "—", not text.
    static let minimumConfidence = 20.0

    struct Line {
        var key: [Int]
        var top: Double, bottom: Double
        var words: [ParsedDocument.Word] = []
    }

    struct Reading {
        var text: String
        var words: [ParsedDocument.Word]
        /// The image's size in pixels (tesseract's level 1 row).
        var pixelWidth: Double, pixelHeight: Double
        /// The points per pixel the words were scaled by.
        var scale: Double
        /// The words' digits, each weighed by tesseract's confidence in its word (0-1).
        var sureDigits = 0.0
    }

    /// Of a reading with tesseract's column analysis and one as a single block of lines, the
    /// first unless the second holds `blockMargin` more digits, each weighed by tesseract's
    /// confidence: digits are what amounts, dates and numbers are made of. A multi-column letter
    /// reads better by columns (on a scanned invoice the block reading had 5.7% more digits, by
    /// merging across the gutter, and a cafe receipt the same); on till receipts in fixed pitch
    /// the column analysis dropped the prices or read "2.49" as ".49" (26-57% fewer digits).
    static func richer(_ columns: Reading, than block: Reading) -> Reading {
        block.sureDigits > columns.sureDigits * (1 + blockMargin) ? block : columns
    }

    static let blockMargin = 0.15

    /// `scale`: points per pixel, given the image's size in pixels (72 / dpi for a rendered PDF
    /// page).
    static func read(_ tsv: String, scale: (_ width: Double, _ height: Double) -> Double) -> Reading {
        var lines: [Line] = []
        var pixelWidth = 0.0, pixelHeight = 0.0
        var factor = 1.0
        var lineIndex: [[Int]: Int] = [:]
        var sure = 0.0
        for row in tsv.split(separator: "\n", omittingEmptySubsequences: true) {
            let cells = row.split(separator: "\t", maxSplits: 11, omittingEmptySubsequences: false)
            guard cells.count >= 11, let level = Int(cells[0]) else { continue }  // the header row
            let numbers = cells[1...9].map { Int($0) ?? 0 }
            let key = Array(numbers[0...3])  // page, block, paragraph, line
            let left = Double(numbers[5]), top = Double(numbers[6]), width = Double(numbers[7]), height = Double(numbers[8])
            switch level {
            case 1:
                (pixelWidth, pixelHeight) = (width, height)
                factor = scale(width, height)
            case 4:
                lineIndex[key] = lines.count
                lines.append(Line(key: key, top: top, bottom: top + height))
            case 5:
                let text = cells.count > 11 ? String(cells[11]).trimmingCharacters(in: .whitespaces) : ""
                guard !text.isEmpty, let confidence = Double(cells[10]), confidence >= minimumConfidence,
                      let index = lineIndex[key] else { continue }
                // Every word gets its line's band, as a PDF word gets its font's: a hyphen's or a
                // comma's own box is a sliver that would not sit on the line's baseline.
                let line = lines[index], scale = factor
                sure += Double(text.unicodeScalars.filter { $0.properties.numericType == .decimal }.count) * confidence / 100
                lines[index].words.append(ParsedDocument.Word(
                    text: text, x0: PDFParser.round2(left * scale), y0: PDFParser.round2(line.top * scale), x1: PDFParser.round2((left + width) * scale),
                    y1: PDFParser.round2(line.bottom * scale), fontSize: fontSize(lineHeight: (line.bottom - line.top) * scale), bold: false))
            default:
                continue
            }
        }
        let kept = lines.filter { !$0.words.isEmpty }
        let text = kept.map { $0.words.map(\.text).joined(separator: " ") }.joined(separator: "\n")
        return Reading(text: text, words: kept.flatMap(\.words), pixelWidth: pixelWidth, pixelHeight: pixelHeight, scale: factor,
                       sureDigits: sure)
    }

    /// A line's box runs from the top of its tallest letter to the bottom of its lowest, about
    /// one em for mixed text: that is the size a PDF would report, to the half point.
    static func fontSize(lineHeight: Double) -> Double {
        max(1, (lineHeight * 2).rounded() / 2)
    }
}
