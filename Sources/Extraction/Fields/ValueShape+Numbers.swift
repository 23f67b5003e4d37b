import Foundation

extension ValueShape {
    /// A North American phone number ("1-877-486-2048.", "(800) 555-0100", "+1 212 555 0100"),
    /// any number written with a leading "+", or a ZIP+4 code ("53547-4444"): never a document's
    /// number or a tax number, though as many digits.
    static func looksLikePhoneOrPostalCode(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: CharacterSet(charactersIn: ".,;: "))
        if trimmed.hasPrefix("+") && trimmed.filter(\.isNumber).count >= 8 { return true }
        return trimmed.range(of: #"^(1[-. ]?)?(\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}$"#, options: .regularExpression) != nil
            || trimmed.range(of: #"^\d{5}- ?\d{4}$"#, options: .regularExpression) != nil
    }

    /// Four digits, a hyphen, four digits: the OMB control number every US federal form prints
    /// ("OMB No. 1545-0074"), in no tax number's grouping (EIN 12-3456789, SSN 123-45-6789).
    static func looksLikeFormControlNumber(_ value: String) -> Bool {
        value.trimmingCharacters(in: CharacterSet(charactersIn: ".,;: ")).range(of: #"^\d{4}-\d{4}$"#, options: .regularExpression) != nil
    }
}
