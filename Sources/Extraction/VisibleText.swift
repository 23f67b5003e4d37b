import Foundation

/// The values a page visibly shows, in comparable form: every amount (either decimal
/// convention), every date (numeric, ISO and written in several languages) and the
/// text folded for comparing names and identifiers. Used to check a PDF's embedded e-invoice
/// against what a person sees, because real files exist whose XML describes another invoice.
public struct VisibleText: Sendable {
    public let folded: String
    public let compact: String
    public let amounts: Set<Decimal>
    public let dates: Set<String>

    public init(_ text: String) {
        folded = Self.fold(text)
        compact = folded.filter { !$0.isWhitespace }
        amounts = Self.amounts(in: text)
        dates = Self.dates(in: text)
    }

    /// Lower case, no diacritics, runs of white space as one space.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    public func showsText(_ value: String) -> Bool {
        let wanted = Self.fold(value)
        return !wanted.isEmpty && (folded.contains(wanted) || compact.contains(wanted.filter { !$0.isWhitespace }))
    }

    public func showsAmount(_ value: String) -> Bool {
        guard let amount = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) else { return false }
        return amounts.contains(amount) || amounts.contains(-amount)
    }

    static func amounts(in text: String) -> Set<Decimal> {
        Set(AmountRecognizer.find(in: text).compactMap { Decimal(string: $0.value, locale: Locale(identifier: "en_US_POSIX")) })
    }

    /// Every reading of every printed date, ambiguous ones included: agreement with either
    /// reading counts as the page showing the date.
    static func dates(in text: String) -> Set<String> {
        Set(DateRecognizer.find(in: text).map(\.value))
    }
}
