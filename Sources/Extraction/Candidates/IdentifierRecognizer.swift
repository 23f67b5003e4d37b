import Foundation

/// Identifiers with a fixed shape, most with a check digit: IBAN (mod 97), BIC, US routing
/// numbers (ABA checksum), NPI (Luhn), LOINC codes (mod 10), ICD-10 codes, SSN and EIN (kept
/// as digits here; stored masked), phone numbers and e-mail addresses.
public enum IdentifierRecognizer {
    static let patterns: [(Candidate.Kind, NSRegularExpression)] = [
        // Groups of any length: banks print the national layout too ("FR76 10107 00245
        // 00617052317 39", bank / branch / account / key). `ibanPrefix` cuts the run back.
        (.iban, try! NSRegularExpression(pattern: #"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,30}){1,10}(?![A-Z0-9])"#)),
        (.bic, try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])"#)),
        (.routingNumber, try! NSRegularExpression(pattern: #"(?<![\d-])\d{9}(?![\d-])"#)),
        (.npi, try! NSRegularExpression(pattern: #"(?<![\d-])\d{10}(?![\d-])"#)),
        (.loinc, try! NSRegularExpression(pattern: #"(?<![\d-])\d{1,5}-\d(?![\d-])"#)),
        (.icd10, try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9.])[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?(?![A-Za-z0-9])"#)),
        (.ssn, try! NSRegularExpression(pattern: #"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])"#)),
        (.ein, try! NSRegularExpression(pattern: #"(?<![\d-])\d{2}-\d{7}(?![\d-])"#)),
        (.phone, try! NSRegularExpression(pattern: #"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,5}(?:[ .\/-]\d{2,8}){1,4}(?![\w])"#)),
        (.email, try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)),
    ]

    public static func find(in text: String) -> [Candidate] {
        let ns = text as NSString
        let all = NSRange(location: 0, length: ns.length)
        var found: [Candidate] = []
        for (kind, pattern) in patterns {
            for match in pattern.matches(in: text, range: all) {
                var range = match.range
                if kind == .iban {
                    guard let length = ibanPrefix(ns.substring(with: range)) else { continue }
                    range.length = length
                }
                let printed = ns.substring(with: range)
                guard let value = normalized(kind, printed) else { continue }
                if kind == .bic, !value.contains(where: \.isNumber), !namesABankCode(text) { continue }
                found.append(Candidate(kind: kind, value: value, text: printed, range: range))
            }
        }
        return found
    }

    /// Whether a line says it holds a BIC ("BIC: BREDFRPP", "SWIFT Code …"). Eight capital
    /// letters alone are as often a name printed in capitals: Netpresse's customer "ALEXINUX"
    /// reads as bank ALEX in India, and was no name while it was a BIC.
    static func namesABankCode(_ line: String) -> Bool {
        line.range(of: #"(?i)\b(bic|swift)\b"#, options: .regularExpression) != nil
    }

    /// The UTF-16 length of the longest run of whole groups from the start of `printed` that is
    /// a valid IBAN, or nil. A run of groups may go on past the IBAN into the next capitals and
    /// digits ("DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX" runs into "BIC"), so shorter runs
    /// are tried until the check holds.
    static func ibanPrefix(_ printed: String) -> Int? {
        let groups = printed.split(separator: " ", omittingEmptySubsequences: false)
        for count in stride(from: groups.count, through: 1, by: -1) {
            let run = groups.prefix(count).joined(separator: " ")
            if CheckDigits.isValidIBAN(run) { return run.utf16.count }
        }
        return nil
    }

    /// The stored form of a printed identifier, or nil when its check fails.
    static func normalized(_ kind: Candidate.Kind, _ printed: String) -> String? {
        let compact = printed.filter { !$0.isWhitespace }
        switch kind {
        case .iban: return CheckDigits.isValidIBAN(compact) ? compact : nil
        case .bic: return CheckDigits.isBIC(compact) && !CheckDigits.isValidIBAN(compact) ? compact : nil
        case .routingNumber: return CheckDigits.isValidRoutingNumber(compact) ? compact : nil
        case .npi: return CheckDigits.isValidNPI(compact) ? compact : nil
        case .loinc: return isValidLOINC(compact) ? compact : nil
        case .ssn:
            let digits = compact.filter(\.isNumber)
            // Never issued: area 000, 666 or 9xx, group 00, serial 0000.
            let area = Int(digits.prefix(3))!, group = Int(digits.dropFirst(3).prefix(2))!, serial = Int(digits.suffix(4))!
            return area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 ? nil : digits
        case .ein: return compact.filter(\.isNumber)
        case .phone:
            let digits = compact.filter(\.isNumber)
            return (7...15).contains(digits.count) ? compact : nil
        case .email: return printed.lowercased()
        default: return compact
        }
    }

    /// LOINC's mod-10 check digit: double every other digit from the right of the base number.
    static func isValidLOINC(_ code: String) -> Bool {
        let parts = code.split(separator: "-")
        guard parts.count == 2, let check = Int(parts[1]) else { return false }
        let base = String(parts[0])
        var sum = 0
        for (index, char) in base.reversed().enumerated() {
            var d = Int(String(char))!
            if index % 2 == 0 { d *= 2; if d > 9 { d = d / 10 + d % 10 } }
            sum += d
        }
        return (10 - sum % 10) % 10 == check
    }
}
