import Foundation

/// What a page generator draws on: text at a baseline, its width, and finishing the file.
/// Two producers implement it — cairo (`PDFCanvas`) and Docket's own minimal writer
/// (`PlainPDFWriter`) — so generated documents come with text layers built two different ways,
/// as real ones are.
public protocol TextPage: AnyObject {
    func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool)
    func width(of text: String, size: Double, bold: Bool) -> Double
    /// A filled text form field (AcroForm widget) holding `value`, its box starting at the
    /// baseline point. Returns false when the producer cannot write form fields; the caller then
    /// prints the value instead.
    func formField(_ value: String, name: String, tooltip: String, x: Double, y: Double, width: Double, size: Double) -> Bool
    func finish() throws
}

extension TextPage {
    func text(_ text: String, x: Double, y: Double, size: Double = 10, bold: Bool = false) {
        self.text(text, x: x, y: y, size: size, bold: bold)
    }
    func width(of text: String, size: Double = 10, bold: Bool = false) -> Double { width(of: text, size: size, bold: bold) }
}

extension PDFCanvas: TextPage {
    /// cairo writes no AcroForm fields.
    public func formField(_ value: String, name: String, tooltip: String, x: Double, y: Double, width: Double, size: Double) -> Bool { false }
}
