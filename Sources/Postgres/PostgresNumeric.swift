import Foundation

/// An exact `numeric` value, kept as its canonical decimal text so no digit is lost to Double.
/// Money amounts in Docket are numeric end to end.
public struct PostgresNumeric: Hashable, Sendable, CustomStringConvertible {
    /// Canonical text: optional `-`, digits, optional `.` and digits; or `NaN`.
    public let text: String

    /// Accepts `-12.50`, `+3`, `.5`, `7.`, `1e3` is refused (numeric text has no exponent here).
    public init?(_ string: String) {
        var s = Substring(string.trimmingCharacters(in: .whitespaces))
        if s == "NaN" { text = "NaN"; return }
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0]
        let fracPart = parts.count > 1 ? parts[1] : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
              intPart.allSatisfy(\.isASCIIDigit), fracPart.allSatisfy(\.isASCIIDigit) else { return nil }
        var digits = String(intPart.drop(while: { $0 == "0" }))
        if digits.isEmpty { digits = "0" }
        let isZero = digits == "0" && fracPart.allSatisfy { $0 == "0" }
        var result = (negative && !isZero ? "-" : "") + digits
        if !fracPart.isEmpty { result += "." + fracPart }
        text = result
    }

    public init(decimal: Decimal) {
        self.init(NSDecimalNumber(decimal: decimal).stringValue)!
    }

    public var description: String { text }
    public var decimal: Decimal? { text == "NaN" ? nil : Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }
    public var double: Double? { Double(text) }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension PostgresNumeric: PostgresEncodable {
    public static var postgresType: PostgresType { .numeric }

    /// Binary numeric: ndigits, weight, sign, dscale, then base-10000 digits, most significant
    /// first; the value is Σ digit[i] · 10000^(weight − i).
    public func encode(into buffer: inout [UInt8]) throws {
        if text == "NaN" {
            for field: Int16 in [0, 0] { buffer.appendInteger(field) }
            buffer.appendInteger(UInt16(0xC000))
            buffer.appendInteger(Int16(0))
            return
        }
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intDigits = Array(parts[0].utf8.map { Int16($0 - 48) })
        let fracDigits = parts.count > 1 ? Array(parts[1].utf8.map { Int16($0 - 48) }) : []
        let intPadded = Array(repeating: Int16(0), count: (4 - intDigits.count % 4) % 4) + intDigits
        let fracPadded = fracDigits + Array(repeating: Int16(0), count: (4 - fracDigits.count % 4) % 4)
        func groups(_ d: [Int16]) -> [Int16] {
            stride(from: 0, to: d.count, by: 4).map { d[$0] * 1000 + d[$0 + 1] * 100 + d[$0 + 2] * 10 + d[$0 + 3] }
        }
        var all = groups(intPadded) + groups(fracPadded)
        var weight = intPadded.count / 4 - 1
        while let first = all.first, first == 0 { all.removeFirst(); weight -= 1 }
        while let last = all.last, last == 0 { all.removeLast() }
        if all.isEmpty { weight = 0 }
        buffer.appendInteger(Int16(all.count))
        buffer.appendInteger(Int16(weight))
        buffer.appendInteger(UInt16(negative ? 0x4000 : 0))
        buffer.appendInteger(Int16(fracDigits.count))
        for group in all { buffer.appendInteger(group) }
    }

    static func decodeBinary(_ bytes: UnsafeRawBufferPointer) throws -> PostgresNumeric {
        var reader = BinaryReader(bytes)
        let count = Int(try reader.read(Int16.self))
        let weight = Int(try reader.read(Int16.self))
        let sign = try reader.read(UInt16.self)
        let scale = Int(try reader.read(Int16.self))
        switch sign {
        case 0xC000: return PostgresNumeric("NaN")!
        case 0xD000, 0xF000: throw PostgresError(.decoding, "numeric infinity has no exact decimal form")
        case 0, 0x4000: break
        default: throw PostgresError(.decoding, "numeric sign field \(sign) is invalid")
        }
        guard count >= 0, scale >= 0 else { throw PostgresError(.decoding, "numeric header is invalid") }
        var groups: [Int] = []
        for _ in 0..<count {
            let group = Int(try reader.read(Int16.self))
            guard (0..<10000).contains(group) else { throw PostgresError(.decoding, "numeric digit \(group) out of range") }
            groups.append(group)
        }
        func group(_ i: Int) -> Int { i >= 0 && i < groups.count ? groups[i] : 0 }
        func pad4(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: 4 - s.count) + s }
        var text = sign == 0x4000 ? "-" : ""
        if weight >= 0 {
            text += String(group(0))
            if weight >= 1 { for i in 1...weight { text += pad4(group(i)) } }
        } else {
            text += "0"
        }
        if scale > 0 {
            var fraction = ""
            var i = weight + 1
            while fraction.count < scale { fraction += pad4(group(i)); i += 1 }
            text += "." + fraction.prefix(scale)
        }
        guard let value = PostgresNumeric(text) else { throw PostgresError(.decoding, "numeric decoded to invalid text \(text)") }
        return value
    }
}
