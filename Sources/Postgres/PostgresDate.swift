import Foundation

/// A calendar date (`date`), with no time and no time zone: birth dates, invoice dates.
public struct PostgresDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Days since 2000-01-01, PostgreSQL's own representation.
    public var daysSince2000: Int32

    public init(daysSince2000: Int32) { self.daysSince2000 = daysSince2000 }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = PostgresDate.daysFromCivil(year: year, month: month, day: day)
        let candidate = PostgresDate(daysSince2000: Int32(days - PostgresEpoch.unixDays))
        // Reject 2023-02-30 and friends: the round trip must give the same fields back.
        guard candidate.components == (year, month, day) else { return nil }
        self = candidate
    }

    /// Parses ISO `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        PostgresDate.civilFromDays(Int64(daysSince2000) + PostgresEpoch.unixDays)
    }

    public var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func < (a: PostgresDate, b: PostgresDate) -> Bool { a.daysSince2000 < b.daysSince2000 }

    // Howard Hinnant's days-from-civil algorithm, proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}

extension PostgresDate: PostgresEncodable {
    public static var postgresType: PostgresType { .date }
    public func encode(into buffer: inout [UInt8]) throws { buffer.appendInteger(daysSince2000) }
}

/// A JSON document sent and read as `jsonb` (or `json`). The text is passed through unchanged;
/// build it with JSONSerialization or JSONEncoder.
public struct PostgresJSON: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public init(object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        text = String(decoding: data, as: UTF8.self)
    }
    public func object() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
    public var description: String { text }
}

extension PostgresJSON: PostgresEncodable {
    public static var postgresType: PostgresType { .jsonb }
    public func encode(into buffer: inout [UInt8]) throws {
        buffer.append(1)
        try text.encode(into: &buffer)
    }
    public func encode(into buffer: inout [UInt8], as target: PostgresType) throws -> Bool {
        switch target {
        case .jsonb: try encode(into: &buffer)
        case .json, .text: try text.encode(into: &buffer)
        default: return false
        }
        return true
    }
}
