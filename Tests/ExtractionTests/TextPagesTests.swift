import Foundation
import Parsing
import Testing
@testable import Extraction

/// Plain text laid out as a line printer's pages: columns become x, lines become y.
@Suite struct TextPagesTests {
    func text(_ body: String) -> ParsedDocument {
        ParsedDocument(format: .text, metadata: ParsedDocument.Metadata(), text: body)
    }

    @Test func columnsAndLinesBecomeBoxes() throws {
        let laid = TextPages.laidOut(text("Invoice No:   INV-7\n\n\tTotal:  12.50\r\n"))
        let page = try #require(laid.pages.first)
        #expect(laid.pages.count == 1 && page.number == 1 && !page.needsOCR)
        #expect(page.words.map(\.text) == ["Invoice", "No:", "INV-7", "Total:", "12.50"])
        let number = page.words[2]
        #expect(number.x0 == TextPages.margin + 14 * TextPages.advance && number.x1 == number.x0 + 5 * TextPages.advance)
        #expect(number.y0 == TextPages.margin && number.y1 == number.y0 + TextPages.fontSize && number.fontSize == 10 && !number.bold)
        let total = page.words[3]
        #expect(total.x0 == TextPages.margin + 8 * TextPages.advance, "a tab runs to column 8")
        #expect(total.y0 == TextPages.margin + 2 * TextPages.lineHeight, "the blank line keeps its row")
        #expect(page.words[4].x0 == TextPages.margin + 16 * TextPages.advance, "the carriage return is not a character")
        #expect(page.text == "Invoice No:   INV-7\n\nTotal:  12.50")
        #expect(page.width == 612 && page.height == 792, "at least a letter page")
    }

    @Test func formFeedsAndLongTextStartNewPages() {
        let long = (1...150).map { "line \($0)" }.joined(separator: "\n")
        let laid = TextPages.laidOut(text("first sheet\u{0C}second sheet\n" + long))
        #expect(laid.pages.map(\.number) == [1, 2, 3, 4])
        #expect(laid.pages[0].words.map(\.text) == ["first", "sheet"])
        #expect(laid.pages[1].words.first?.text == "second" && laid.pages[1].words.first?.y0 == TextPages.margin)
        #expect(laid.pages[1].words.count == 2 + 65 * 2, "66 lines a page")
        #expect(laid.pages[2].words.first?.text == "line" && laid.pages[2].words[1].text == "66")
        let wide = TextPages.laidOut(text(String(repeating: "x", count: 200)))
        #expect(wide.pages[0].width == 200 * TextPages.advance + 2 * TextPages.margin)
        let many = TextPages.laidOut(text(Array(repeating: "page", count: 30).joined(separator: "\u{0C}")))
        #expect(many.pages.count == TextPages.maxPages)
    }

    @Test func blankTextAndDocumentsWithPagesAreLeftAlone() {
        #expect(TextPages.laidOut(text("  \n\u{0C}\n ")).pages.isEmpty)
        let laid = TextPages.laidOut(text("one\u{0C}\u{0C}two"))
        #expect(laid.pages.map(\.number) == [1, 2], "an empty sheet is no page")
        var pdf = ParsedDocument(format: .pdf, metadata: ParsedDocument.Metadata(), text: "x")
        pdf.pages = []
        #expect(TextPages.laidOut(pdf).pages.isEmpty, "only text documents are laid out")
    }
}
