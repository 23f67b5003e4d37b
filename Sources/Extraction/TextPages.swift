import Foundation
import Parsing

/// A plain-text document laid out as a line printer would print it, so the trained heads can
/// read it like a page. Text invoices and statements (an ERP's print file, `pdftotext -layout`
/// output, a mail body) keep their layout in columns of spaces: the label to the left of a
/// value, the totals right-aligned under the amounts. The parser returns such a file as text
/// alone, which left the heads nothing to read, so a text invoice got a zero-shot type and no
/// fields (reason no_field_extractor). Here every character is one cell of a monospaced 10 pt
/// font, 6 pt wide, on rows 12 pt apart; a form feed or 66 lines start a new page.
public enum TextPages {
    static let advance = 6.0
    static let lineHeight = 12.0
    static let fontSize = 10.0
    static let margin = 36.0
    static let linesPerPage = 66
    static let tabStop = 8
    /// The field heads read three pages and the type head the opening; more is never read.
    static let maxPages = 10

    /// The document with pages made from its text; documents that have pages, or no text,
    /// are returned as they are.
    public static func laidOut(_ document: ParsedDocument) -> ParsedDocument {
        guard document.format == .text, document.pages.isEmpty else { return document }
        var laid = document
        laid.pages = pages(of: document.text)
        return laid
    }

    static func pages(of text: String) -> [ParsedDocument.Page] {
        // Lines past the last page read are never split off or expanded: a long log file costs
        // no more than its first pages.
        var pages: [[String]] = []
        var current: [String] = []
        sheets: for sheet in text.split(separator: "\u{0C}", omittingEmptySubsequences: false) {
            for line in sheet.split(separator: "\n", omittingEmptySubsequences: false) {
                if current.count == linesPerPage {
                    pages.append(current)
                    current = []
                    if pages.count == maxPages { break sheets }
                }
                current.append(expandingTabs(String(line.hasSuffix("\r") ? line.dropLast() : line)))
            }
            pages.append(current)
            current = []
            if pages.count >= maxPages { break }
        }
        let printed = pages.prefix(maxPages).filter { lines in lines.contains { !$0.allSatisfy(\.isWhitespace) } }
        return printed.enumerated().map { index, lines in
            let columns = lines.map(\.count).max() ?? 0
            let text = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            return ParsedDocument.Page(number: index + 1, width: max(612, Double(columns) * advance + 2 * margin),
                                       height: max(792, Double(lines.count) * lineHeight + 2 * margin),
                                       text: text.trimmingCharacters(in: .newlines),
                                       words: lines.enumerated().flatMap { row, line in words(of: line, row: row) }, needsOCR: false)
        }
    }

    /// The runs of non-space characters of one line, each boxed by its cells.
    static func words(of line: String, row: Int) -> [ParsedDocument.Word] {
        var words: [ParsedDocument.Word] = []
        var start: Int?
        var run = ""
        let top = margin + Double(row) * lineHeight
        func close(at column: Int) {
            guard let first = start else { return }
            words.append(ParsedDocument.Word(text: run, x0: margin + Double(first) * advance, y0: top,
                                             x1: margin + Double(column) * advance, y1: top + fontSize,
                                             fontSize: fontSize, bold: false))
            start = nil
            run = ""
        }
        for (column, character) in line.enumerated() {
            if character.isWhitespace {
                close(at: column)
            } else {
                if start == nil { start = column }
                run.append(character)
            }
        }
        close(at: line.count)
        return words
    }

    static func expandingTabs(_ line: String) -> String {
        guard line.contains("\t") else { return line }
        var out = ""
        for character in line {
            if character == "\t" {
                out += String(repeating: " ", count: tabStop - out.count % tabStop)
            } else {
                out.append(character)
            }
        }
        return out
    }
}
