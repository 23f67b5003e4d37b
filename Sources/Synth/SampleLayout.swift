import Foundation

/// Places a page's content in one of the layout families.
struct Layout {
    let canvas: TextPage
    let family: Int
    /// 0: issuer left, title beside or under it; 1: title first, issuer under it; 2: both centred.
    var header = 0

    func draw(_ page: PageContent) {
        var y = 60.0
        let issuer = page.logoOnly ? "" : page.header.first?.printed ?? ""
        if family == 3 {
            canvas.text(issuer, x: 545 - canvas.width(of: issuer, size: 15, bold: true), y: y, size: 15, bold: true)
            canvas.text(page.title, x: 50, y: y, size: 13, bold: true)
        } else if header == 1 {
            canvas.text(page.title, x: 50, y: y, size: 14, bold: true)
            canvas.text(issuer, x: 50, y: y + 22, size: 13, bold: true)
            y += 10
        } else if header == 2 {
            canvas.text(issuer, x: (595 - canvas.width(of: issuer, size: 16, bold: true)) / 2, y: y, size: 16, bold: true)
            canvas.text(page.title, x: (595 - canvas.width(of: page.title, size: 12, bold: true)) / 2, y: y + 22, size: 12, bold: true)
            y += 10
        } else {
            canvas.text(issuer, x: 50, y: y, size: family == 1 ? 18 : 15, bold: true)
            canvas.text(page.title, x: family == 2 ? 50 : 380, y: family == 2 ? y + 26 : y, size: 14, bold: true)
        }
        // The issuer's address under its name (or under the title printed below the name), aligned with it.
        if !issuer.isEmpty && !page.issuerAddress.isEmpty {
            let above = family == 3 ? y : header == 0 ? (family == 2 ? y + 26 : y) : y + 12
            var lineY = above + 16
            for line in page.issuerAddress {
                let width = canvas.width(of: line, size: 9, bold: false)
                canvas.text(line, x: family == 3 ? 545 - width : header == 2 ? (595 - width) / 2 : 50, y: lineY, size: 9)
                lineY += 11
            }
            // What follows (the contact line, then the entries) starts below the last line.
            y = max(y, lineY - (family == 2 ? 40 : 18))
        }
        if !page.contactLine.isEmpty {
            canvas.text(page.contactLine, x: 50, y: y + (family == 2 ? 40 : 18), size: 7)
            y += 8
        }
        y += family == 2 ? 60 : 45
        if !page.instructions.isEmpty {
            for line in page.instructions { canvas.text(line, x: 50, y: y - 16, size: 7); y += 9 }
            y += 6
        }
        if !page.addressBlock.isEmpty {
            // Without a sender line the window sits apart: nothing labels the customer's name.
            if page.senderLine.isEmpty { y += 24 } else { canvas.text(page.senderLine, x: 50, y: y, size: 7) }
            y += 14
            for line in page.addressBlock { canvas.text(line.printed, x: 50, y: y); y += 13 }
            y += 16
        }
        let entries = page.entries.filter { $0.label != nil }
        // A value goes into a form field when the page is fillable and the producer can write
        // one; otherwise it is printed. Field names follow the entries' order.
        func value(_ index: Int, x: Double, y: Double, size: Double = 10, width: Double = 170) {
            let e = entries[index]
            if page.fillable, canvas.formField(e.printed, name: "f1_\(index + 1)", tooltip: e.label!, x: x, y: y, width: width, size: size) { return }
            canvas.text(e.printed, x: x, y: y, size: size)
        }
        switch family {
        case 0:  // "Label: value" lines
            for (i, e) in entries.enumerated() {
                if page.fillable {
                    canvas.text("\(e.label!):", x: 50, y: y)
                    value(i, x: 56 + canvas.width(of: "\(e.label!):"), y: y)
                } else {
                    canvas.text("\(e.label!): \(e.printed)", x: 50, y: y)
                }
                y += 16
            }
        case 1:  // label column and value column
            for (i, e) in entries.enumerated() { canvas.text(e.label!, x: 50, y: y, bold: true); value(i, x: 220, y: y); y += 16 }
        case 2:  // small labels above their values, three per row
            for (i, e) in entries.enumerated() {
                let x = 50 + Double(i % 3) * 170
                canvas.text(e.label!, x: x, y: y, size: 7)
                value(i, x: x, y: y + 12, width: 160)
                if i % 3 == 2 || i == entries.count - 1 { y += 32 }
            }
        default:  // labels left, values right-aligned
            for (i, e) in entries.enumerated() {
                canvas.text(e.label!, x: 50, y: y)
                value(i, x: 545 - canvas.width(of: e.printed), y: y, width: canvas.width(of: e.printed))
                y += 16
            }
        }
        y += 20
        for (row, bold) in ([page.tableHeader].filter { !$0.isEmpty }.map { ($0, true) } + page.table.map { ($0, false) }) {
            for (i, cell) in row.enumerated() {
                let x = i == row.count - 1 && row.count > 1 ? 545 - canvas.width(of: cell, size: 9, bold: bold) : 50 + Double(i) * 150
                canvas.text(cell, x: x, y: y, size: 9, bold: bold)
            }
            y += 14
        }
        for paragraph in page.paragraphs { canvas.text(paragraph, x: 50, y: y); y += 16 }
        y += 10
        for e in page.footer {
            guard let label = e.label else { continue }
            canvas.text(label, x: family == 0 ? 50 : 330, y: y, bold: e.field == "total_amount" || e.field == "closing_balance")
            canvas.text(e.printed, x: 545 - canvas.width(of: e.printed), y: y)
            y += 16
        }
        if !page.pageMarker.isEmpty {
            canvas.text(page.pageMarker, x: 545 - canvas.width(of: page.pageMarker, size: 8), y: family == 3 ? 828 : 32, size: 8)
        }
        for (i, line) in page.pageFooter.enumerated() {
            let footY = 812 - 10 * Double(page.pageFooter.count - i)
            canvas.text(line, x: family == 3 ? (595 - canvas.width(of: line, size: 7)) / 2 : 50, y: footY, size: 7)
        }
    }
}
