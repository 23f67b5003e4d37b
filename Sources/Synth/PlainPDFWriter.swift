import Foundation

/// A deliberately different PDF producer: one page, a standard-14 font in WinAnsi encoding, and
/// every word placed on its own with `Td`, split inside by a small kerning adjustment in a `TJ`
/// array, the way many invoicing tools write them. No cairo, no embedded fonts: the text layer
/// poppler reads back differs from the cairo one in word boxes, spacing and font names.
public final class PlainPDFWriter: TextPage {
    let path: String
    let family: String        // Helvetica, Times or Courier
    let height = 841.89
    private var content = ""
    /// Widget annotation dictionaries of the page's form fields, without their object numbers.
    private var widgets: [String] = []

    public init(path: String, family: String) {
        self.path = path
        self.family = family
    }

    /// Average glyph advance in em for the family: the width of a space between words.
    var advance: Double { family == "Courier" ? 0.6 : family == "Times" ? 0.47 : 0.53 }

    /// Estimated advances by character class, at or a little above the fonts' real widths (no
    /// metrics table). One average for all letters put capitals short by up to a third, so a
    /// label and the value after it overlapped and read back as one word ("Tax year2020").
    public func width(of text: String, size: Double, bold: Bool) -> Double {
        let em = text.reduce(0.0) { total, c in
            if family == "Courier" { return total + 0.6 }
            let times = family == "Times"
            if c.isUppercase { return total + 0.72 }
            if c.isNumber { return total + 0.56 }
            // Narrow letters at their own width: at 0.56 em, "Facility" in 16 pt ran 18 pt long and
            // the gap after it split a company's name into two phrases.
            if "ijl".contains(c) { return total + 0.3 }
            if "ftr".contains(c) { return total + 0.4 }
            if c.isLowercase { return total + (c == "m" || c == "w" ? 0.84 : times ? 0.5 : 0.56) }
            return total + (c == " " ? advance : 0.4)
        }
        return em * size * (bold ? 1.06 : 1)
    }

    public func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool) {
        var cursor = x
        let space = size * advance
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            defer { cursor += width(of: String(word), size: size, bold: bold) + space }
            guard !word.isEmpty else { continue }
            let chars = Array(word)
            // Split longer words in two with a tiny kerning step, as producers that kern do.
            let parts = chars.count > 4 ? [String(chars[..<(chars.count / 2)]), String(chars[(chars.count / 2)...])] : [String(word)]
            let array = parts.map { "(\(Self.escape($0)))" }.joined(separator: " -12 ")
            content += String(format: "BT /%@ %.1f Tf 1 0 0 1 %.2f %.2f Tm [%@] TJ ET\n",
                              bold ? "F2" : "F1", size, cursor, height - y, array)
        }
    }

    public func formField(_ value: String, name: String, tooltip: String, x: Double, y: Double, width: Double, size: Double) -> Bool {
        let rect = String(format: "[%.2f %.2f %.2f %.2f]", x, height - y - size * 0.3, x + max(width, 20), height - y + size)
        widgets.append("<< /Type /Annot /Subtype /Widget /FT /Tx /T \(Self.textString(name)) /TU \(Self.textString(tooltip)) "
                       + "/V \(Self.textString(value)) /Rect \(rect) /P 3 0 R /F 4 /DA (/F1 \(Int(size)) Tf 0 g) >>")
        return true
    }

    public func finish() throws {
        let regular = family == "Times" ? "Times-Roman" : family
        let boldName = family == "Times" ? "Times-Bold" : "\(family)-Bold"
        let stream = Data(Self.encode(content))
        // Objects 1-7 are fixed (catalog, pages, page, content, two fonts, info); widgets follow.
        let widgetRefs = widgets.indices.map { "\($0 + 8) 0 R" }.joined(separator: " ")
        let acroForm = widgets.isEmpty ? "" : " /AcroForm << /Fields [\(widgetRefs)] /NeedAppearances true /DA (/F1 10 Tf 0 g) /DR << /Font << /F1 5 0 R >> >> >>"
        let annots = widgets.isEmpty ? "" : " /Annots [\(widgetRefs)]"
        var objects: [Data] = [
            Data("<< /Type /Catalog /Pages 2 0 R\(acroForm) >>".utf8),
            Data("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Data("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R\(annots) >>".utf8),
        ]
        var streamObject = Data("<< /Length \(stream.count) >>\nstream\n".utf8)
        streamObject.append(stream)
        streamObject.append(Data("\nendstream".utf8))
        objects.append(streamObject)
        for name in [regular, boldName] {
            objects.append(Data("<< /Type /Font /Subtype /Type1 /BaseFont /\(name) /Encoding /WinAnsiEncoding >>".utf8))
        }
        objects.append(Data("<< /Producer (Docket plain writer) /CreationDate (D:20260101000000Z) >>".utf8))
        objects += widgets.map { Data(Self.encode($0)) }
        var file = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(file.count)
            file.append(Data("\(index + 1) 0 obj\n".utf8))
            file.append(object)
            file.append(Data("\nendobj\n".utf8))
        }
        let xref = file.count
        file.append(Data("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8))
        for offset in offsets { file.append(Data(String(format: "%010d 00000 n \n", offset).utf8)) }
        file.append(Data("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 7 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8))
        try file.write(to: URL(fileURLWithPath: path))
    }

    /// A PDF text string (a field's name, tooltip or value): ASCII as a literal, anything else
    /// as UTF-16BE with its byte order mark. Written through `encode` as content bytes, a narrow
    /// no-break space became 0xA0, which text strings read as "€" (PDFDocEncoding): the
    /// held-out forms' "70 664,78" came out as "70€664,78".
    static func textString(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return "(\(escape(text)))" }
        return "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
    }

    /// The content stream in WinAnsi: Latin-1 as is, a few Windows-1252 extras, `?` for the rest.
    static func encode(_ text: String) -> [UInt8] {
        let extras: [Character: UInt8] = ["€": 0x80, "—": 0x97, "–": 0x96, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "\u{202F}": 0xA0]
        return text.flatMap { char -> [UInt8] in
            if let byte = extras[char] { return [byte] }
            if let scalar = char.unicodeScalars.first, char.unicodeScalars.count == 1, scalar.value < 256 { return [UInt8(scalar.value)] }
            return [UInt8(ascii: "?")]
        }
    }
}
