import Foundation

/// Check-digit rules of the identifiers Docket recognizes. A value that fails its check is not
/// a candidate: that is what lets a recognizer tell an IBAN from any long string of digits.
public enum CheckDigits {
    /// Country → IBAN length, for the countries whose documents Docket sees most; others are
    /// accepted at 15–34 characters when the mod-97 check holds.
    static let ibanLengths: [String: Int] = [
        "AT": 20, "BE": 16, "CH": 21, "CZ": 24, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "IE": 22,
        "IT": 27, "LI": 21, "LT": 20, "LU": 20, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SK": 24,
    ]

    /// ISO 13616: move the first four characters to the end, letters to 10…35, mod 97 == 1.
    public static func isValidIBAN(_ raw: String) -> Bool {
        let iban = raw.filter { !$0.isWhitespace }.uppercased()
        guard (15...34).contains(iban.count), iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        let chars = Array(iban)
        guard chars[0].isLetter, chars[1].isLetter, chars[2].isNumber, chars[3].isNumber else { return false }
        if let length = ibanLengths[String(chars[0...1])], length != iban.count { return false }
        var remainder = 0
        for char in chars[4...] + chars[0..<4] {
            let value = char.isNumber ? Int(String(char))! : Int(char.asciiValue! - 55)
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
        }
        return remainder == 1
    }

    /// The Luhn check over a string of digits.
    public static func luhn(_ digits: String) -> Bool {
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return false }
        var sum = 0
        for (index, char) in digits.reversed().enumerated() {
            var d = Int(String(char))!
            if index % 2 == 1 { d *= 2; if d > 9 { d -= 9 } }
            sum += d
        }
        return sum % 10 == 0
    }

    /// A US National Provider Identifier: 10 digits, Luhn over `80840` + the NPI.
    public static func isValidNPI(_ npi: String) -> Bool {
        npi.count == 10 && npi.allSatisfy(\.isNumber) && luhn("80840" + npi)
    }

    /// An ABA routing number: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 mod 10.
    public static func isValidRoutingNumber(_ number: String) -> Bool {
        guard number.count == 9, number.allSatisfy(\.isNumber) else { return false }
        let d = number.map { Int(String($0))! }
        return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0
    }

    /// A BIC/SWIFT code: 4 letters (bank), 2 letters (country), 2 letters or digits (place),
    /// optionally 3 more (branch).
    public static func isBIC(_ code: String) -> Bool {
        code.range(of: #"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$"#, options: .regularExpression) != nil
    }
}
