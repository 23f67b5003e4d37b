import Foundation

/// Writes a folder of generated documents: `count` XML documents cycling through every
/// standard, plus four that show the definite outcomes of other inputs — a text PDF invoice
/// (classified, fields read by the heads), the picture of another invoice in a PDF (read by
/// OCR, then the same), a PDF with shapes and no text at all (review: no_text_layer) and a
/// damaged PNG image (dead: corrupt). Returns one label per document that has one, in the
/// `labels.jsonl` form `docket train` reads.
public enum SampleInbox {
    public struct Label: Sendable {
        public var file: String
        public var docType: String
        public var fields: [String: String]
    }

    public static func write(to folder: String, count: Int, seed: UInt64) throws -> [Label] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var labels: [Label] = []
        for index in 0..<count {
            let document = XMLSamples.document(index, seed: seed)
            try document.data.write(to: URL(fileURLWithPath: folder + "/" + document.fileName))
            labels.append(Label(file: document.fileName, docType: document.docType, fields: document.fields))
        }
        var random = SampleRandom(seed: seed)
        labels.append(try textInvoicePDF(folder + "/invoice-letter.pdf", &random))
        labels.append(try textInvoicePDF(folder + "/scanned-invoice.pdf", &random, output: .scan(dpi: 200)))
        try imageOnlyPDF(folder + "/scanned-page.pdf")
        try pngImage(folder + "/photo.png")
        return labels
    }

    static func textInvoicePDF(_ path: String, _ r: inout SampleRandom, output: PDFCanvas.Output = .pdf) throws -> Label {
        let vendor = r.pick(XMLSamples.companies), customer = r.pick(XMLSamples.companies)
        let number = "F-\(r.digits(6))", day = r.date(year: 2026), net = r.int(10_000...900_000), tax = net / 5
        let canvas = try PDFCanvas(path: path, output: output)
        canvas.setTitle("Invoice \(number)")
        canvas.text(vendor, x: 50, y: 60, size: 16, bold: true)
        canvas.text("12 Harbour Road, Bristol BS1 4AA", x: 50, y: 78)
        canvas.text("INVOICE", x: 400, y: 60, size: 18, bold: true)
        canvas.text("Invoice number: \(number)", x: 350, y: 100)
        canvas.text("Invoice date: \(day.iso)", x: 350, y: 116)
        canvas.text("Bill to: \(customer)", x: 50, y: 160)
        canvas.text("Consulting services", x: 50, y: 240)
        canvas.text("GBP \(SampleRandom.money(net))", x: 450, y: 240)
        canvas.text("VAT 20%", x: 350, y: 280)
        canvas.text("GBP \(SampleRandom.money(tax))", x: 450, y: 280)
        canvas.text("Total due", x: 350, y: 300, bold: true)
        canvas.text("GBP \(SampleRandom.money(net + tax))", x: 450, y: 300, bold: true)
        try canvas.finish()
        return Label(file: (path as NSString).lastPathComponent, docType: "invoice", fields: [
            "invoice_number": number, "invoice_date": day.iso, "vendor_name": vendor, "customer_name": customer,
            "currency": "GBP", "subtotal_amount": SampleRandom.money(net), "tax_amount": SampleRandom.money(tax),
            "total_amount": SampleRandom.money(net + tax),
        ])
    }

    /// A page with only shapes: what a scan looks like to a text extractor.
    static func imageOnlyPDF(_ path: String) throws {
        let canvas = try PDFCanvas(path: path)
        for row in 0..<30 { canvas.box(x: 50, y: 60 + Double(row) * 22, width: 300 + Double(row % 5) * 40, height: 8, gray: 0.3) }
        try canvas.finish()
    }

    /// A PNG of one pixel whose data is damaged (its checksum does not match): an image no
    /// reader can open.
    static func pngImage(_ path: String) throws {
        let bytes: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
            0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
            0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
            0x42, 0x60, 0x82,
        ]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
