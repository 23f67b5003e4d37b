import Foundation
import Parsing
@testable import Synth
import Testing
@testable import Extraction

/// Generated training and held-out PDFs print every labelled value where a candidate finds it:
/// a label naming a value no candidate holds teaches the heads nothing and costs recall in
/// every evaluation.
@Suite struct GeneratedDocumentTests {
    static func found(_ wanted: String, in layout: DocumentLayout) -> Bool {
        layout.candidates.contains { c in
            FieldRouting.matches(c.value, wanted, kind: .string) || FieldRouting.matches(c.value, wanted, kind: .number)
        }
    }

    static func scratchFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "docket-generated-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes generated document `index` into `folder` and reads it back as candidates see it.
    static func generated(_ index: Int, seed: UInt64, heldOut: Bool, in folder: String) throws -> (FormSamples.Label, DocumentLayout) {
        let label = try FormSamples.write(index, seed: seed, heldOut: heldOut, to: folder)
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + label.file)), fileName: label.file)
        return (label, DocumentLayout(document))
    }

    @Test(arguments: [false, true]) func labelledValuesAreCandidates(heldOut: Bool) throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var missing: [String] = []
        var total = 0
        // Two documents of every type, one from each producer (cairo, the plain writer).
        for index in 0..<(2 * FormSamples.types.count) {
            let (label, layout) = try Self.generated(index, seed: 4, heldOut: heldOut, in: folder)
            // The currency is never printed as a value of its own.
            for (field, value) in label.fields.sorted(by: { $0.key < $1.key }) where field != "currency" {
                total += 1
                if !Self.found(value, in: layout) { missing.append("\(label.file): \(field) \(value)") }
            }
        }
        #expect(total > 100)
        #expect(missing.count * 50 <= total, "at most 2% missing; missing: \(missing)")
    }

    /// Issuers are many names, often printed again in the footer and in a domain, and some
    /// invoices carry only a logo where the name would be: the heads must not learn a few names
    /// or "the first line is the issuer".
    @Test func issuersHaveManyNamesAndShowUpAgainBelow() throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var names: Set<String> = [], inDomain = 0, logoOnly = 0, invoices = 0, freelancers = 0
        for index in stride(from: 0, to: 40 * FormSamples.types.count, by: FormSamples.types.count) {
            let (label, layout) = try Self.generated(index, seed: 5, heldOut: false, in: folder)
            let vendor = try #require(label.fields["vendor_name"], "\(label.file) is an invoice")
            invoices += 1
            names.insert(vendor)
            if layout.mentions.inDomain(vendor) { inDomain += 1 }
            if !layout.lines.prefix(3).contains(where: { $0.text.contains(vendor) }) { logoOnly += 1 }
            // A person invoicing under their own name heads the page and has no register line.
            let words = vendor.split(separator: " ").map(String.init)
            if words.count == 2, XMLSamples.given.contains(words[0]), XMLSamples.family.contains(words[1]) {
                freelancers += 1
                #expect(layout.lines.prefix(3).contains { $0.text.contains(vendor) }, "\(label.file): \(vendor) is not on top")
                let register = ["Geschäftsführer", "Directors:", "Président", "Directeur"]
                #expect(!layout.lines.contains { line in register.contains { line.text.contains($0) } }, "\(label.file) has a register line")
            }
            // Wherever it is printed, the name is a candidate (text layers may join "& Co." into "&Co.").
            if !Self.found(vendor, in: layout) && !layout.candidates.contains(where: { $0.value.filter { !$0.isWhitespace } == vendor.filter { !$0.isWhitespace } }) {
                Issue.record("\(label.file): \(vendor) is no candidate")
            }
        }
        #expect(invoices == 40)
        #expect(names.count >= 30, "\(names.count) different issuers")
        #expect(inDomain >= 10 && inDomain < 40, "\(inDomain) issuers in a printed domain")
        #expect(logoOnly >= 3 && logoOnly < 20, "\(logoOnly) issuers missing from the top lines")
        #expect(freelancers >= 2 && freelancers < 12, "\(freelancers) freelancers among 40 issuers")
    }

    /// Half the English training bank statements are American: an account number and no IBAN, dollars, and every
    /// labelled value still printed where a candidate finds it.
    @Test func americanStatementsNameNoIBANAndPrintTheirValues() throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let statement = try #require(FormSamples.types.firstIndex(of: "bank_statement"))
        var american = 0, european = 0, balancesInTable = 0
        for index in stride(from: statement, to: 40 * FormSamples.types.count, by: FormSamples.types.count) {
            let (label, layout) = try Self.generated(index, seed: 6, heldOut: false, in: folder)
            // Balances printed as the table's first and last rows are labelled by their row's words.
            let opening = layout.candidates.first { $0.kind == .amount && $0.value == label.fields["opening_balance"] }
            if let opening, PageContent.tableBalanceWords.values.flatMap(\.opening).contains(where: { opening.label.lowercased() == $0.lowercased() }) {
                balancesInTable += 1
            }
            guard label.fields["currency"] == "USD" else {
                european += 1
                continue
            }
            american += 1
            #expect(label.fields["account_iban"] == nil && label.fields["account_number"] != nil, "\(label.file): an account number instead")
            for (field, value) in label.fields where field != "currency" {
                #expect(Self.found(value, in: layout), "\(label.file): \(field) \(value) is no candidate")
            }
        }
        #expect(american >= 3 && european >= 20, "\(american) American and \(european) other statements")
        #expect(balancesInTable >= 8, "\(balancesInTable) of 40 statements print their balances as table rows")
    }

    /// Half the training receipts are till strips 58 or 80 mm wide, every labelled value printed.
    @Test func tillReceiptsAreNarrowStripsWithTheirValuesPrinted() throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let receipt = try #require(FormSamples.types.firstIndex(of: "receipt"))
        var tills = 0, forms = 0, paidInCash = 0, maskedCards = 0
        for index in stride(from: receipt, to: 30 * FormSamples.types.count, by: FormSamples.types.count) {
            let label = try FormSamples.write(index, seed: 6, heldOut: false, to: folder)
            let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + label.file)), fileName: label.file)
            guard document.pages[0].width < 300 else {
                forms += 1
                continue
            }
            tills += 1
            #expect(TillReceipt.widths.contains { abs($0 - document.pages[0].width) < 0.5 })
            #expect(document.pages[0].words.allSatisfy { $0.x1 <= document.pages[0].width + 0.5 }, "\(label.file): nothing runs off the strip")
            let layout = DocumentLayout(document)
            #expect(Set(label.fields.keys) == ["merchant_name", "receipt_date", "total_amount", "tax_amount", "currency", "payment_method"])
            for (field, value) in label.fields where field != "currency" {
                #expect(Self.found(value, in: layout), "\(label.file): \(field) \(value) is no candidate")
            }
            // Cash comes with the amount handed over and the change, distractors beside the total.
            let text = document.pages[0].words.map(\.text).joined(separator: " ")
            if TillReceipt.cashWords.values.contains(label.fields["payment_method"] ?? "") {
                paidInCash += 1
                #expect(TillReceipt.changeWords.values.contains { text.contains($0) }, "\(label.file): cash without change")
            }
            if text.contains("****") || text.contains("XXXX") { maskedCards += 1 }
        }
        #expect(tills >= 8 && forms >= 8, "\(tills) tills and \(forms) forms")
        #expect(paidInCash >= 2 && maskedCards >= 1, "\(paidInCash) paid in cash, \(maskedCards) masked card numbers")
        for index in stride(from: receipt, to: 10 * FormSamples.types.count, by: FormSamples.types.count) {
            let label = try FormSamples.write(index, seed: 6, heldOut: true, to: folder)
            let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + label.file)), fileName: label.file)
            #expect(document.pages[0].width > 500, "held-out receipts stay forms")
        }
    }
}
