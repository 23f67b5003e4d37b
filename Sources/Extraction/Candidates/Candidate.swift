import Foundation

/// A typed value found in a document's text: what a field's value could be. Candidates are
/// generated for every page; scoring (a trained head per field) picks among them.
public struct Candidate: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case date, amount, iban, bic, routingNumber = "routing_number", npi, icd10, loinc, ssn, ein, phone, email
    }

    public var kind: Kind
    /// Normalized: `YYYY-MM-DD`, plain decimal, IBAN without spaces, digits only for SSN/EIN.
    public var value: String
    /// The text as printed.
    public var text: String
    /// UTF-16 offsets of `text` in the searched string.
    public var range: NSRange
    /// ISO 4217 code next to an amount, when printed.
    public var currency: String?
    /// A date that reads differently day-first and month-first (03/04/2026): the other reading
    /// is a second candidate, both flagged.
    public var ambiguous: Bool

    public init(kind: Kind, value: String, text: String, range: NSRange, currency: String? = nil, ambiguous: Bool = false) {
        (self.kind, self.value, self.text, self.range, self.currency, self.ambiguous) = (kind, value, text, range, currency, ambiguous)
    }
}
