@testable import Extraction
import Foundation
import Testing

/// The heads' address-block inputs (feature version 5): where a phrase sits in the column of
/// lines it starts.
@Suite struct AddressBlockTests {
    @Test func addressLinesInTheFormsInvoicesPrintThem() {
        for line in ["Rabattstr. 25", "12 Main St", "34567 Osterhausen", "75018 PARIS, FR", "F-75018 Paris", "D-12345 Berlin",
                     "1012 AB Amsterdam", "Springfield, IL 62701", "New York NY 10001-1234", "London SW1A 1AA", "Bangalore - 560037", "Mumbai 400 001",
                     "93B Sai Yu Chung", "3/64, Vishwas Khand", "Hong Kong", "Deutschland", "PO Box 16122", "Postfach 10 20 30"] {
            #expect(ValueShape.looksLikeAddressLine(line), "\(line)")
        }
        for line in ["Helga Musterfrau", "Papierflieger-Vertriebs-GmbH", "Rechnung 202401", "Total 1.234,56", "Invoice No. 12345",
                     "z. Hd. Herr Mustermann", "Page 1 of 2", "Kundennummer: 987-654"] {
            #expect(!ValueShape.looksLikeAddressLine(line), "\(line)")
        }
    }

    /// A window as the corpus's Kraxi invoice prints it: a small sender line, the customer, a
    /// contact person, street, city and country; the issuer's details in a column to the right.
    @Test func theNameOnTopOfAWindowLeadsItsAddress() {
        let t = HeadTests()
        let layout = t.layout([
            t.word("Kraxi", 50, 100, size: 7), t.word("GmbH", 72, 100, size: 7), t.word("·", 92, 100, size: 7),
            t.word("Flugzeugallee", 98, 100, size: 7), t.word("17", 150, 100, size: 7), t.word("info@kraxi.com", 400, 100),
            t.word("Papierflieger-Vertriebs-GmbH", 50, 114), t.word("Tel.", 400, 114), t.word("(0123)", 425, 114), t.word("4567", 465, 114),
            t.word("Helga", 50, 127), t.word("Musterfrau", 85, 127), t.word("Fax", 400, 127), t.word("(0123)", 425, 127), t.word("4568", 465, 127),
            t.word("Rabattstr.", 50, 140), t.word("25", 110, 140),
            t.word("34567", 50, 153), t.word("Osterhausen", 84, 153),
            t.word("Deutschland", 50, 166),
            // After a blank line: a heading that belongs to no address.
            t.word("Rechnung", 50, 200, size: 12, bold: true),
        ])
        func place(_ value: String) -> AddressBlockPlace? {
            layout.candidates.first { $0.kind == .phrase && $0.value == value }?.addressBlock
        }
        #expect(place("Papierflieger-Vertriebs-GmbH") == AddressBlockPlace(addressLinesBelow: 3, linesAbove: 0),
                "the sender line above is smaller: it does not count")
        #expect(place("Helga Musterfrau") == AddressBlockPlace(addressLinesBelow: 3, linesAbove: 1))
        #expect(place("34567 Osterhausen")?.afterAddressLine == true)
        #expect(place("Rabattstr. 25")?.afterAddressLine == false, "the line above is a person")
        #expect(place("Rechnung") == AddressBlockPlace(), "a blank line ends the block")
        // The right column's lines start elsewhere: the window's lines are not theirs.
        #expect(place("info@kraxi.com")?.addressLinesBelow == 0)
    }

    /// A line between an address line above and one below is part of the address (the city or
    /// region), never a party's name; the name on top of the block still is one.
    @Test func aLineInsideAnAddressNamesNoParty() {
        let t = HeadTests()
        let layout = t.layout([
            t.word("iViveLabs", 50, 114), t.word("Ltd.", 100, 114),
            t.word("93B", 50, 127), t.word("Sai", 72, 127), t.word("Yu", 90, 127), t.word("Chung", 105, 127),
            t.word("Yuen", 50, 140), t.word("Long,", 78, 140), t.word("N.T.", 108, 140),
            t.word("Hong", 50, 153), t.word("Kong", 78, 153),
        ])
        let vendor = ResultSchema.FieldRule(name: "vendor_name", kind: .string, allowed: nil, pattern: nil, minimum: nil, maximum: nil,
                                            maskedAsTIN: false, shape: .name)
        let admitted = Set(layout.candidates.filter { FieldRouting.admits($0, vendor, kinds: [.phrase]) }.map(\.value))
        #expect(admitted.contains("iViveLabs Ltd."))
        #expect(!admitted.contains("Yuen Long, N.T.") && !admitted.contains("Yuen Long"), "\(admitted)")
    }

    /// Text above a value labels it only when it reads as a label (feature version 7): the
    /// company over its contact person does not; a small, bold or glossary label does.
    @Test func onlyTextThatReadsAsALabelLabelsTheLineBelow() {
        let t = HeadTests()
        let layout = t.layout([
            t.word("Papierflieger-Vertriebs-GmbH", 50, 114), t.word("Helga", 50, 127), t.word("Musterfrau", 85, 127),
            t.word("Leistungsdatum", 50, 170, size: 7), t.word("03.02.2026", 50, 182),
            t.word("Kundenkonto", 50, 220, bold: true), t.word("K-4711", 50, 233),
            t.word("Kunde", 50, 270), t.word("Beispiel", 50, 283), t.word("AG", 100, 283),
        ])
        func label(_ value: String) -> String? { layout.candidates.first { $0.value == value }?.label }
        #expect(label("Helga Musterfrau") == "", "a name over a name is no label")
        #expect(label("2026-02-03") == "Leistungsdatum", "printed smaller")
        #expect(label("K-4711") == "Kundenkonto", "printed bold")
        #expect(label("Beispiel AG") == "Kunde", "a label word")
    }

    /// Values in a column beside their labels are a table, not an address: no place at all.
    @Test func aValueColumnBesideItsLabelsIsNoBlock() {
        let t = HeadTests()
        let layout = t.layout([
            t.word("Kunde", 50, 100), t.word("Beispiel", 220, 100), t.word("AG", 270, 100),
            t.word("Straße", 50, 113), t.word("Hauptstraße", 220, 113), t.word("5", 285, 113),
            t.word("Ort", 50, 126), t.word("12345", 220, 126), t.word("Berlin", 255, 126),
        ])
        #expect(layout.candidates.first { $0.value == "Beispiel AG" }?.addressBlock == AddressBlockPlace())
        #expect(layout.candidates.first { $0.value == "12345 Berlin" }?.addressBlock == AddressBlockPlace())
    }

    @Test func aLetterheadWithItsAddressUnderneathIsTheTopOfABlockToo() {
        let t = HeadTests()
        let layout = t.layout([
            t.word("LE", 50, 60, size: 14, bold: true), t.word("FOURNISSEUR", 72, 60, size: 14, bold: true),
            t.word("35", 50, 76), t.word("rue", 65, 76), t.word("Lepic", 85, 76),
            t.word("75018", 50, 89), t.word("PARIS,", 85, 89), t.word("FR", 125, 89),
        ])
        let top = layout.candidates.first { $0.value == "LE FOURNISSEUR" }?.addressBlock
        #expect(top?.addressLinesBelow == 2)
        #expect(top?.linesAbove == 0)
    }
}
