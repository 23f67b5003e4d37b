@testable import Extraction
import Foundation
import Testing

/// The sender line of a window letter: the issuer's name and address in one small line over
/// the addressee, sometimes with a note zone between them.
@Suite struct SenderLineTests {
    let t = HeadTests()

    /// QualityHosting's window as its PDF prints it: the sender line 56 pt over the customer.
    func window(gap: Double = 56) -> DocumentLayout {
        t.layout([
            t.word("QualityHosting", 64, 141, size: 7), t.word("AG", 112, 141, size: 7), t.word("-", 124, 141, size: 7),
            t.word("Uferweg", 128, 141, size: 7), t.word("40-42", 156, 141, size: 7), t.word("-", 176, 141, size: 7),
            t.word("D-63571", 180, 141, size: 7), t.word("Gelnhausen", 209, 141, size: 7),
            t.word("iViveLabs", 64, 141 + gap, size: 9), t.word("Ltd.", 106, 141 + gap, size: 9),
            t.word("93B", 64, 153 + gap, size: 9), t.word("Sai", 83, 153 + gap, size: 9), t.word("Yu", 98, 153 + gap, size: 9),
            t.word("Chung", 112, 153 + gap, size: 9),
            t.word("Hong", 64, 165 + gap, size: 9), t.word("Kong", 88, 165 + gap, size: 9),
        ])
    }

    @Test func senderLinesAreANameAndAnAddressInOneLine() {
        let layout = t.layout([
            t.word("Kraxi", 50, 100, size: 7), t.word("GmbH", 72, 100, size: 7), t.word("·", 92, 100, size: 7),
            t.word("Flugzeugallee", 98, 100, size: 7), t.word("17", 150, 100, size: 7), t.word("·", 160, 100, size: 7),
            t.word("12345", 166, 100, size: 7), t.word("Papierfeld", 190, 100, size: 7),
            t.word("Alphabet,", 50, 130, size: 6), t.word("Lilienthalallee", 80, 130, size: 6), t.word("26,", 130, 130, size: 6),
            t.word("80786", 145, 130, size: 6), t.word("München", 168, 130, size: 6),
            // Separators without an address: a heading, not a sender line.
            t.word("Rechnung", 50, 160), t.word("|", 100, 160), t.word("Seite", 110, 160), t.word("1", 140, 160),
            t.word("Acme", 50, 190), t.word("Ltd", 80, 190),
        ])
        #expect(layout.lines.map(DocumentLayout.isSenderLine) == [true, true, false, false])
        #expect(DocumentLayout.senderLineParts(layout.lines[1]) == ["Alphabet", "Lilienthalallee 26", "80786 München"])
    }

    @Test func theSenderLineLabelsTheAddresseeAcrossTheNoteZone() throws {
        let layout = window()
        let customer = try #require(layout.candidates.first { $0.kind == .phrase && $0.value == "iViveLabs Ltd." })
        #expect(customer.label == "QualityHosting AG - Uferweg 40-42 - D-63571 Gelnhausen")
        #expect(customer.underSenderLine == "QualityHosting AG")
        let street = try #require(layout.candidates.first { $0.kind == .phrase && $0.value == "93B Sai Yu Chung" })
        #expect(street.underSenderLine == nil, "only the window's top line is the addressee")
        // Further than the note zone: the lines have nothing to do with each other.
        let apart = try #require(window(gap: 120).candidates.first { $0.kind == .phrase && $0.value == "iViveLabs Ltd." })
        #expect(apart.label == "" && apart.underSenderLine == nil)
    }

    @Test func theAddresseeIsNoVendorAndTheSenderLineNoCustomer() throws {
        let layout = window()
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        func admitted(_ field: String) throws -> Set<String> {
            let rule = try #require(schema.rule(field))
            return Set(layout.candidates.filter { FieldRouting.admits($0, rule, kinds: [.phrase]) }.map(\.value))
        }
        let vendors = try admitted("vendor_name"), customers = try admitted("customer_name")
        #expect(vendors.contains("QualityHosting AG") && !vendors.contains("iViveLabs Ltd."), "\(vendors)")
        #expect(customers.contains("iViveLabs Ltd.") && !customers.contains("QualityHosting AG"), "\(customers)")
    }
}

/// Lines and party labels in a small business's invoice, as the Sammy Maystone sample prints it.
@Suite struct PartyHeaderTests {
    let t = HeadTests()

    /// A 28 pt title beside two 10 pt lines: each small line stays a line of its own.
    @Test func aTallTitleDoesNotJoinTheLinesBesideIt() {
        let layout = t.layout([
            t.word("Sammy", 48, 37, size: 10, bold: true), t.word("Maystone", 87, 37, size: 10, bold: true),
            t.word("smaystone4@fake.com", 48, 49, size: 10), t.word("INVOICE", 458, 56, size: 28),
        ])
        let texts = layout.lines.map { $0.words.map(\.text).joined(separator: " ") }
        #expect(texts == ["Sammy Maystone", "smaystone4@fake.com INVOICE"], "\(texts)")
        #expect(layout.candidates.contains { $0.kind == .phrase && $0.value == "Sammy Maystone" })
    }

    /// The ship-to name beside the bill-to name on one row, under "Ship To:": no vendor.
    @Test func aNameUnderTheOtherPartysHeadingIsNotThisPartys() throws {
        let layout = t.layout([
            t.word("Bill", 48, 127), t.word("To:", 68, 127), t.word("Ship", 200, 127), t.word("To:", 224, 127),
            t.word("Taylor", 48, 143), t.word("Riddel", 82, 143), t.word("Taylors", 200, 143), t.word("Store", 240, 143),
        ])
        let store = try #require(layout.candidates.first { $0.kind == .phrase && $0.value == "Taylors Store" })
        #expect(store.label == "Taylor Riddel" && store.labelOver == "Ship To")
        let rule = try #require(try ResultSchema.load(type: "invoice", folder: Shipped.schemas).rule("vendor_name"))
        #expect(!FieldRouting.admits(store, rule, kinds: [.phrase]))
        #expect(!ValueShape.looksLikeName("Net 30 days") && !ValueShape.looksLikeName("14 Tage netto"))
        // A letter-spaced heading: the legal form apart from its name, the title in two parts.
        let heading = t.layout([t.word("Jaarverslag", 50, 60, size: 12), t.word("Osterhout", 250, 60, size: 12),
                                t.word("Medizintechnik", 320, 60, size: 12), t.word("B.V.", 470, 60, size: 12)])
        #expect(heading.candidates.contains { $0.kind == .phrase && $0.value == "Osterhout Medizintechnik B.V." })
        #expect(!ValueShape.looksLikeName("TICKET") && !ValueShape.looksLikeName("DE CAISSE") && ValueShape.looksLikeName("Caisse d'Epargne"))
        // A sentence over a footer name is no heading, whatever small words it holds.
        #expect(FieldRouting.headsItsColumn("Ship To") && !FieldRouting.headsItsColumn("Check the statement attached to this Invoice"))
    }
}
