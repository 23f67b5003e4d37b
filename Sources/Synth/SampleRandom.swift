import DocketSupport
import Foundation

/// The generators' random source: seeded, so the same seed gives the same documents.
public struct SampleRandom: RandomNumberGenerator {
    private var base: SeededRandom
    public init(seed: UInt64) { base = SeededRandom(state: seed) }
    public mutating func next() -> UInt64 { base.next() }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    /// An amount in cents as `1234.56`.
    mutating func amount(_ range: ClosedRange<Int>) -> String { Self.money(int(range)) }
    static func money(_ cents: Int) -> String { String(format: "%d.%02d", cents / 100, abs(cents % 100)) }
    mutating func date(year: Int) -> (iso: String, compact: String) {
        let month = int(1...12), day = int(1...28)
        return (String(format: "%04d-%02d-%02d", year, month, day), String(format: "%04d%02d%02d", year, month, day))
    }
    mutating func digits(_ count: Int) -> String { (0..<count).map { _ in String(int(0...9)) }.joined() }
}

/// A German IBAN with a valid mod-97 check for an 18-digit BBAN (bank code + account).
func germanIBAN(_ bban: String) -> String {
    let rearranged = bban + "131400"   // "DE" → 13 14, check digits 00
    var remainder = 0
    for digit in rearranged { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
    return String(format: "DE%02d", 98 - remainder) + bban
}
