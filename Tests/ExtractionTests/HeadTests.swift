import DocketTestSupport
import Foundation
import Parsing
import Testing
@testable import Extraction

@Suite struct HeadTests {
    /// Points around three centres in 4 dimensions, one class each.
    func clusters(_ count: Int, seed: UInt64) -> [([Float], Int)] {
        var random = SeededRandom(state: seed)
        func unit() -> Float { Float(Double(random.next() >> 11) / Double(1 << 53)) }
        let centres: [[Float]] = [[2, 0, 0, 1], [0, 2, 0, -1], [0, 0, 2, 0]]
        return (0..<count).map { i in
            let c = i % 3
            return (centres[c].map { $0 + unit() - 0.5 }, c)
        }
    }

    @Test func aLinearHeadLearnsSeparableClassesAndTrainsDeterministically() {
        let data = clusters(300, seed: 3)
        let head = LinearHead.train(classes: ["a", "b", "c"], examples: data)
        let accuracy = Double(data.filter { x, y in let p = head.probabilities(x); return p.indices.max { p[$0] < p[$1] } == y }.count) / 300
        #expect(accuracy > 0.97)
        #expect(head == LinearHead.train(classes: ["a", "b", "c"], examples: data), "same data, same seed, same head")
        let p = head.probabilities([2, 0, 0, 1])
        #expect(abs(p.reduce(0, +) - 1) < 1e-5 && p[0] > 0.9)
    }

    /// A two-class head's log-odds come from its logits: log(p(yes)/p(no)) where the
    /// probabilities are representable, and still ordered where a head is so sure that p(no)
    /// rounds to zero (rounded probabilities tied every such candidate near 16).
    @Test func logOddsStayExactWhereProbabilitiesRoundToCertainty() {
        let data = clusters(200, seed: 5).map { x, y in (x, y == 0 ? 1 : 0) }
        let head = LinearHead.train(classes: ["no", "yes"], examples: data)
        let moderate: [Float] = [0.6, 0.1, 0.1, 0.4]
        let p = head.probabilities(moderate)
        #expect(abs(head.logOdds(moderate) - (log(p[1]) - log(p[0]))) < 1e-3)
        let sure: [Float] = [40, 0, 0, 20], surer: [Float] = [80, 0, 0, 40]
        #expect(head.probabilities(sure)[0] < 1e-7, "past where the probabilities can tell them apart")
        #expect(head.logOdds(surer) > head.logOdds(sure) && head.logOdds(sure) > 17)
    }

    @Test func headsSurviveSavingAndRefuseAnotherEncoder() throws {
        let data = clusters(120, seed: 9)
        let head = LinearHead.train(classes: ["a", "b", "c"], examples: data)
        let set = HeadSet(encoderSHA256: "abc123", typeHead: head, fieldHeads: ["invoice": ["total_amount": head]], trainedOn: "test")
        let path = NSTemporaryDirectory() + "docket-heads-\(UUID().uuidString.prefix(6)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try set.save(path)
        let loaded = try HeadSet.load(path, encoderSHA256: "abc123")
        for (x, _) in data.prefix(20) {
            let before = head.probabilities(x), after = loaded.typeHead.probabilities(x)
            #expect(zip(before, after).allSatisfy { abs($0 - $1) < 2e-3 }, "Float16 storage keeps probabilities")
        }
        #expect(loaded.fieldHeads["invoice"]?["total_amount"] != nil)
        #expect(throws: ExtractionError.self) { _ = try HeadSet.load(path, encoderSHA256: "other") }
        do { _ = try HeadSet.load(path, encoderSHA256: "other") } catch let error as ExtractionError {
            #expect(error.code == "heads_encoder_mismatch" && error.message.contains("docket train"))
        }
        // A type head trained on other inputs is refused, unless it is about to be replaced.
        var typeOnly = set
        typeOnly.typeFeatureVersion = HeadSet.typeFeatureVersion - 1
        try typeOnly.save(path)
        do { _ = try HeadSet.load(path, encoderSHA256: "abc123"); Issue.record("type feature version 1 was loaded") } catch let error as ExtractionError {
            #expect(error.code == "heads_outdated" && error.message.contains("--type-head-only"))
        }
        #expect(try HeadSet.load(path, encoderSHA256: "abc123", anyTypeHead: true).fieldHeads["invoice"]?["total_amount"] != nil)
        // Heads whose confidence scaling was fitted for another format are refused, not misread.
        var old = set
        old.format = HeadSet.format - 1
        try old.save(path)
        do { _ = try HeadSet.load(path, encoderSHA256: "abc123"); Issue.record("format \(old.format) was loaded") } catch let error as ExtractionError {
            #expect(error.code == "heads_outdated" && error.message.contains("train again"))
        }
    }

    func word(_ text: String, _ x: Double, _ y: Double, size: Double = 10, bold: Bool = false) -> ParsedDocument.Word {
        let w = Double(text.count) * size * 0.55
        return try! JSONDecoder().decode(ParsedDocument.Word.self, from: Data("""
            {"text": \(String(reflecting: text)), "x0": \(x), "y0": \(y - size), "x1": \(x + w), "y1": \(y), "font_size": \(size), "bold": \(bold)}
            """.utf8))
    }

    @Test func linesPhrasesAndLabelsOfCandidates() {
        let words = [
            word("Acme", 50, 60, size: 16, bold: true), word("Supplies", 100, 60, size: 16, bold: true),
            word("Invoice", 50, 100), word("number:", 92, 100), word("A-77", 140, 100),
            word("Total", 50, 130), word("€", 300, 130), word("1.234,50", 312, 130),
            word("Due", 50, 160, size: 7), word("date", 70, 160, size: 7),
            word("17.02.2026", 50, 172),
        ]
        let encoder = JSONEncoder()
        let page = try! JSONDecoder().decode(ParsedDocument.Page.self, from: Data("""
            {"number": 1, "width": 595, "height": 842, "text": "", "needs_ocr": false, "words": \(String(decoding: try! encoder.encode(words), as: UTF8.self))}
            """.utf8))
        let layout = DocumentLayout(ParsedDocument(format: .pdf, metadata: .init(pageCount: 1), pages: [page], text: ""))
        #expect(layout.lines.map(\.text) == ["Acme Supplies", "Invoice number: A-77", "Total  € 1.234,50", "Due  date", "17.02.2026"],
                "two spaces across a wide gap")
        let number = layout.candidates.first { $0.kind == .phrase && $0.value == "A-77" }
        #expect(number?.label == "Invoice number")
        let total = layout.candidates.first { $0.kind == .amount && $0.value == "1234.5" }
        #expect(total?.label == "Total" && total?.currency == "EUR")
        let due = layout.candidates.first { $0.kind == .date }
        #expect(due?.value == "2026-02-17" && due?.label == "Due date", "a label printed above its value")
        let header = layout.candidates.first { $0.kind == .phrase && $0.value == "Acme Supplies" }
        #expect(header?.label == "" && header?.bold == true && header?.fontSize == 16)
    }

    /// A quantity column beside a price column is two numbers; a narrow space inside one
    /// number groups its thousands.
    @Test func numbersInNeighbouringColumnsAreNotOneAmount() {
        let layout = layout([
            word("Total", 50, 100), word("1", 200, 100), word("278.61", 260, 100), word("319.00", 400, 100),
            word("Summe", 50, 130), word("1", 200, 130), word("278,61", 206, 130),
        ])
        let amounts = { (line: Int) in Set(layout.candidates.filter { $0.kind == .amount && $0.line == line }.map(\.value)) }
        #expect(amounts(0) == ["1", "278.61", "319"])
        #expect(amounts(1).contains("1278.61"), "1 278,61 printed as one number")
    }

    /// "BIC : BREDFRPP": the phrase after the label is the BIC the recognizer found on that
    /// line, so it is no one's name; the name on the line below is.
    @Test func aPhraseARecognizerTypedIsNoName() {
        let layout = layout([
            word("IBAN", 50, 100), word(":", 76, 100), word("FR76", 84, 100), word("1010", 110, 100), word("7002", 134, 100),
            word("4500", 158, 100), word("6170", 182, 100), word("5231", 206, 100), word("739", 230, 100),
            word("BIC", 300, 100), word(":", 320, 100), word("BREDFRPP", 340, 100),
            word("NETPRESSE", 200, 140, size: 12, bold: true),
        ])
        #expect(layout.candidates.contains { $0.kind == .bic && $0.value == "BREDFRPP" }, "the recognizer found the BIC")
        let bic = layout.candidates.first { $0.kind == .phrase && $0.value == "BREDFRPP" }
        let name = layout.candidates.first { $0.kind == .phrase && $0.value == "NETPRESSE" }
        #expect(bic?.isTypedValue == true && name?.isTypedValue == false)
        #expect(bic.map { !ValueShape.name.admits($0) } == true && name.map { ValueShape.name.admits($0) } == true)
    }

    /// A date or a price is no document number, whatever labels it: Flipkart's order date
    /// "15-10-2015" and oyo's "Rs 1939" were purchase order and invoice number candidates.
    @Test func aTypedDateOrPriceIsNoIdentifier() {
        let layout = layout([
            word("Order", 50, 100), word("Date:", 80, 100), word("15-10-2015", 120, 100),
            word("Amount", 50, 120), word("Rs", 100, 120), word("1939", 115, 120),
            word("Order", 50, 140), word("No:", 80, 140), word("OD40512", 120, 140),
            word("Credits", 50, 160), word("expire", 90, 160), word("on", 125, 160), word("28", 140, 160), word("Jan", 152, 160),
            word("2016.", 172, 160),
        ])
        func phrase(_ value: String) -> FieldCandidate? { layout.candidates.first { $0.kind == .phrase && $0.value == value } }
        #expect(layout.candidates.contains { $0.kind == .date && $0.value == "2015-10-15" })
        #expect(layout.candidates.contains { $0.kind == .amount && $0.currency == "INR" })
        #expect(layout.candidates.contains { $0.kind == .date && $0.value == "2016-01-28" })
        for typed in ["15-10-2015", "1939", "2016."] {
            #expect(phrase(typed)?.isTypedDateOrMoney == true, "\(typed)")
            #expect(phrase(typed).map { !ValueShape.identifier.admits($0) } == true, "\(typed)")
        }
        #expect(phrase("OD40512").map { ValueShape.identifier.admits($0) } == true)
    }

    /// A number labelled as another kind of number is that number, and a purchase order needs
    /// a purchase order's label: QualityHosting's "Blz: 507 500 94" and "Kundennr. 47774" were
    /// its best purchase order candidates, and with those gone a year in a product name was.
    @Test func documentNumbersNeedTheirOwnKindOfLabel() throws {
        let layout = layout([
            word("Kundennr.", 50, 100), word("47774", 110, 100),
            word("Blz:", 50, 120), word("507", 80, 120), word("500", 100, 120), word("94", 120, 120),
            word("Bestellnr.", 50, 140), word("PO-4711", 110, 140),
            word("Rechnungsnr.", 50, 160), word("30064443", 130, 160),
            word("StandardExchange", 50, 180), word("2010", 150, 180),
        ])
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        func admitted(_ field: String) -> Set<String> {
            let rule = schema.rule(field)!
            let kinds = FieldRouting.kinds(for: rule)
            return Set(layout.candidates.filter { $0.kind == .phrase && FieldRouting.admits($0, rule, kinds: kinds) }.map(\.value))
        }
        let orders = admitted("purchase_order")
        #expect(orders.contains("PO-4711"))
        for other in ["47774", "507 500 94", "30064443", "2010"] { #expect(!orders.contains(other), "\(other)") }
        let invoices = admitted("invoice_number")
        #expect(invoices.contains("30064443") && invoices.contains("2010"), "an unlabelled number may still be the invoice's")
        for other in ["47774", "507 500 94", "PO-4711"] { #expect(!invoices.contains(other), "\(other)") }
    }

    /// A due date is taken from beside or under a due date's label only: in a table row, over
    /// it, though another column's value is its left neighbour; never a date that only says
    /// when credits expire.
    @Test func aDueDateNeedsItsLabelBesideOrOverIt() throws {
        let layout = layout([
            word("Salesperson", 184, 230, size: 9, bold: true), word("Due", 312, 230, size: 9, bold: true),
            word("Date", 329, 230, size: 9, bold: true),
            word("Detlef", 184, 241, size: 11), word("Hembrock", 214, 241, size: 11), word("March", 312, 241, size: 11),
            word("3,", 343, 241, size: 11), word("2026", 354, 241, size: 11),
            word("Credits", 50, 300), word("expire", 90, 300), word("on", 125, 300), word("28", 140, 300), word("Jan", 152, 300),
            word("2016", 172, 300),
        ])
        let rule = try #require(try ResultSchema.load(type: "invoice", folder: Shipped.schemas).rule("due_date"))
        let dates = layout.candidates.filter { $0.kind == .date }
        let due = try #require(dates.first { $0.value == "2026-03-03" })
        #expect(due.label != "Due Date" && due.labelOver == "Due Date", "labelled beside by the other column, over by its header")
        let admitted = Set(dates.filter { FieldRouting.admits($0, rule, kinds: [.date]) }.map(\.value))
        #expect(admitted == ["2026-03-03"])
    }

    /// A till prints the means of payment where a label would stand, left of the amount paid, and
    /// a card's name before its masked number: both are candidates for the payment method, while
    /// a total's label stays out of a field of names, the card's digits out of the method, and so
    /// does the label printed before a method in words.
    @Test func aTillsMeansOfPaymentIsACandidateThoughItLabelsTheAmountPaid() throws {
        let layout = layout([
            word("TOTAL", 20, 300, bold: true), word("28.65", 180, 300, bold: true),
            word("CASH", 20, 320), word("30.00", 180, 320),
            word("VISA", 20, 340), word("****", 50, 340), word("4417", 75, 340), word("28.65", 180, 340),
            word("Paiement", 20, 380), word("Mastercard", 180, 380),
        ])
        let cash = try #require(layout.candidates.first { $0.kind == .phrase && $0.value == "CASH" })
        #expect(cash.labelsAValue, "CASH is printed where the amount's label stands")
        let receipt = try ResultSchema.load(type: "receipt", folder: Shipped.schemas)
        let method = try #require(receipt.rule("payment_method"))
        let methods = Set(layout.candidates.filter { FieldRouting.admits($0, method, kinds: FieldRouting.kinds(for: method)) }.map(\.value))
        #expect(methods.contains("CASH") && methods.contains("VISA") && methods.contains("Mastercard"), "\(methods)")
        #expect(!methods.contains("Paiement"), "the label of a means of payment is none: \(methods)")
        #expect(!methods.contains { $0.contains("4417") }, "\(methods)")
        let merchant = try #require(receipt.rule("merchant_name"))
        let names = Set(layout.candidates.filter { FieldRouting.admits($0, merchant, kinds: [.phrase]) }.map(\.value))
        #expect(!names.contains("CASH") && !names.contains("TOTAL"), "a label of an amount is no merchant: \(names)")
    }

    /// A person under an officer's label in the footer is the issuer's, neither party's name.
    @Test func anOfficerIsNoPartysName() throws {
        let layout = layout([
            word("Vorstand", 50, 700, size: 7), word("Christian", 100, 700, size: 7), word("Heit", 135, 700, size: 7),
            word("Taylor", 100, 100), word("Riddel", 137, 100),
        ])
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        for field in ["customer_name", "vendor_name"] {
            let rule = try #require(schema.rule(field))
            let names = Set(layout.candidates.filter { FieldRouting.admits($0, rule, kinds: [.phrase]) }.map(\.value))
            #expect(names.contains("Taylor Riddel") && !names.contains("Christian Heit"), "\(field): \(names)")
        }
    }

    /// A name labelled as the other party's is not this party's: shipped to is no vendor, sold
    /// by is no customer.
    @Test func aNameLabelledAsTheOtherPartysIsNotThisPartys() throws {
        let layout = layout([
            word("Lieferadresse:", 50, 100), word("Beispiel", 140, 100), word("Lager", 188, 100), word("AG", 219, 100),
            word("Sold", 50, 140), word("by:", 80, 140), word("Acme", 110, 140), word("Ltd", 136, 140),
        ])
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        func admitted(_ field: String) throws -> Set<String> {
            let rule = try #require(schema.rule(field))
            return Set(layout.candidates.filter { FieldRouting.admits($0, rule, kinds: [.phrase]) }.map(\.value))
        }
        let vendors = try admitted("vendor_name"), customers = try admitted("customer_name")
        #expect(vendors == ["Acme Ltd"], "\(vendors)")
        #expect(customers == ["Beispiel Lager AG"], "\(customers)")
    }

    /// The date of the invoice a correction refers to, and a delivery date, are not the invoice's
    /// date; an order date may be (web shops date invoices by it).
    @Test func anotherInvoicesDateOrADeliveryDateIsNotTheInvoiceDate() throws {
        let layout = layout([
            word("Date", 50, 100), word("de", 75, 100), word("facture", 90, 100), word("associée:", 130, 100), word("01/01/2026", 200, 100),
            word("Lieferdatum:", 50, 120), word("05.01.2026", 200, 120),
            word("Order", 50, 140), word("date:", 80, 140), word("28.01.2026", 200, 140),
            word("Rechnungsdatum:", 50, 160), word("31.01.2026", 200, 160),
        ])
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        let rule = try #require(schema.rule("invoice_date"))
        let dates = Set(layout.candidates.filter { FieldRouting.admits($0, rule, kinds: [.date]) }.map(\.value))
        #expect(dates == ["2026-01-28", "2026-01-31"], "\(dates)")
    }

    /// A federal form's approval number, beside its label or under it, fills no field; a
    /// phone number is no member ID.
    @Test func aFormsControlNumberAndAPhoneFillNoField() throws {
        let layout = layout([
            word("OMB", 50, 100), word("No.", 75, 100), word("1545-0074", 100, 100),
            word("Form", 300, 90), word("Approved", 325, 90), word("OMB", 370, 90), word("No.", 300, 100), word("0938-1197", 320, 100),
            word("Call", 50, 140), word("1-877-486-2048", 80, 140),
            word("Member", 50, 160), word("ID", 90, 160), word("MBR0884459", 110, 160),
            word("Payer", 50, 180), word("TIN", 90, 180), word("12-3456789", 110, 180),
        ])
        let claim = try ResultSchema.load(type: "claim", folder: Shipped.schemas)
        let taxForm = try ResultSchema.load(type: "tax_form", folder: Shipped.schemas)
        func admitted(_ schema: ResultSchema, _ field: String) throws -> Set<String> {
            let rule = try #require(schema.rule(field))
            let kinds = FieldRouting.kinds(for: rule)
            return Set(layout.candidates.filter { FieldRouting.admits($0, rule, kinds: kinds) }.map(\.value))
        }
        let members = try admitted(claim, "member_id"), tins = try admitted(taxForm, "payer_tin")
        #expect(members.contains("MBR0884459") && tins.contains { $0.filter(\.isNumber) == "123456789" }, "\(members) \(tins)")
        for value in ["1545-0074", "0938-1197", "No. 0938-1197", "1-877-486-2048"] {
            #expect(!members.contains(value) && !tins.contains(value), "\(value)")
        }
    }

    /// 02/03/2026 reads two ways; the document's own one-way dates settle which (the EN16931
    /// sample's due date split its score between 2 March and 3 February).
    @Test func aTwoWayDateIsReadTheWayTheDocumentWritesDates() {
        func dates(_ issued: String) -> Set<String> {
            let layout = layout([word("Date:", 50, 100), word(issued, 90, 100), word("Due:", 50, 120), word("02/03/2026", 90, 120)])
            return Set(layout.candidates.filter { $0.kind == .date && $0.text == "02/03/2026" }.map(\.value))
        }
        #expect(dates("31/01/2026") == ["2026-03-02"], "day first")
        #expect(dates("01/31/2026") == ["2026-02-03"], "month first")
        #expect(dates("05/01/2026") == ["2026-03-02", "2026-02-03"], "nothing settles it")
        #expect(dates("31.01.2026") == ["2026-03-02"], "dotted dates are day first")
        // Without a one-way numeric date, dates written with the month's name show the order.
        func written(_ issued: [String]) -> Set<String> {
            let words = issued.enumerated().map { word($0.element, 90 + Double($0.offset) * 40, 100) }
            let layout = layout([word("Date:", 50, 100)] + words + [word("Due:", 50, 120), word("02/03/2026", 90, 120)])
            return Set(layout.candidates.filter { $0.kind == .date && $0.text == "02/03/2026" }.map(\.value))
        }
        #expect(written(["4", "juillet", "2026"]) == ["2026-03-02"], "day before the month's name")
        #expect(written(["July", "4,", "2026"]) == ["2026-02-03"], "the month's name before the day")
        #expect(DocumentLayout.writtenOrder("17. März 2026") == .dayFirst && DocumentLayout.writtenOrder("2026-03-17") == nil)
        // With no other date at all, the language and the money: a French payment order in
        // euros is day first, a dollar invoice to a US address month first, English alone neither.
        func alone(_ context: [String]) -> Set<String> {
            let words = context.enumerated().map { word($0.element, 50 + Double($0.offset) * 60, 80) }
            let layout = layout(words + [word("Valeur:", 50, 120), word("02/03/2026", 110, 120)])
            return Set(layout.candidates.filter { $0.kind == .date && $0.text == "02/03/2026" }.map(\.value))
        }
        #expect(alone(["Montant", "du", "virement", "1", "767,75", "EUR"]) == ["2026-03-02"])
        #expect(alone(["Ordre", "pour", "le", "compte", "des", "clients"]) == ["2026-03-02"], "three French small words")
        #expect(alone(["Total", "$12.00", "Springfield,", "IL", "62701"]) == ["2026-02-03"])
        let apart = layout([word("Springfield,", 50, 60), word("IL", 110, 60), word("62701", 130, 60), word("Total", 50, 80),
                            word("$12.00", 110, 80), word("Valeur:", 50, 120), word("02/03/2026", 110, 120)])
        #expect(Set(apart.candidates.filter { $0.kind == .date && $0.text == "02/03/2026" }.map(\.value)) == ["2026-02-03"],
                "the address and the dollars on lines of their own")
        #expect(alone(["Total", "due", "12.00", "de", "Lattre"]).count == 2, "one French word in a name decides nothing")
    }

    /// A label over its value with a line of another column between them in reading order:
    /// the right column's "Payment Terms" row sits a little lower than the left column's
    /// "Bill To:", so it comes between "Bill To:" and the customer's name.
    @Test func aLabelAboveIsFoundPastAnotherColumnsLine() {
        let layout = layout([
            word("Bill", 49, 127), word("To:", 65, 127), word("Payment", 386, 135), word("Terms:", 428, 135),
            word("Net", 514, 135), word("30", 532, 135), word("Taylor", 49, 143, bold: true), word("Riddel", 81, 143, bold: true),
        ])
        #expect(layout.lines.count == 3)
        let customer = layout.candidates.first { $0.kind == .phrase && $0.value == "Taylor Riddel" }
        #expect(customer?.label == "Bill To")
        // Nothing over a value within reach: no label, however far up the page one is.
        let far = self.layout([word("Bill", 49, 100), word("To:", 65, 100), word("Taylor", 49, 300)])
        #expect(far.candidates.first { $0.kind == .phrase && $0.value == "Taylor" }?.label == "")
    }

    /// Generated pages are told apart by their vectors alone, so a head trained only on them
    /// would give the title next to no weight. Trained with a copy of each titled page whose
    /// vectors say nothing (`EncodedLayout.neutralVectors`), the title decides where the
    /// vectors lean only a little the other way, and the vectors still decide without a title.
    @Test func aTitleDecidesWhereTheVectorsSayLittle() {
        var random = SeededRandom(state: 11)
        func noise() -> Float { Float(Double(random.next() >> 11) / Double(1 << 53)) * 0.2 - 0.1 }
        func encoded(title: String, lean: [Float]) -> EncodedLayout {
            var encoded = EncodedLayout(layout([word(title, 50, 60, size: 16), word("Total", 50, 200), word("12.00", 300, 200)]),
                                        encoder: nil, dimension: 2)
            encoded.documentVector = lean.map { $0 + noise() }
            encoded.lineVectors = encoded.lineVectors.map { _ in lean.map { $0 + noise() } }
            return encoded
        }
        let examples = (0..<60).map { i in
            let invoice = i % 2 == 0
            return HeadTrainer.Example(encoded: encoded(title: invoice ? "Invoice" : "Receipt", lean: invoice ? [1, 0] : [0, 1]),
                                       label: LabelledDocument(file: "\(i).pdf", docType: invoice ? "invoice" : "receipt", fields: [:]))
        }
        let head = HeadTrainer.typeHead(examples, pipeline: Shipped.pipeline, seed: 1, epochs: 40)
        #expect(head.classes == ["invoice", "receipt"])
        // Vectors a little nearer the invoices', under a receipt's title.
        let page = encoded(title: "Receipt", lean: [0.6, 0.4])
        let titled = head.probabilities(page.typeFeatures(withTitles: true))
        #expect(titled[1] > 0.8, "the title should decide: p(receipt) = \(titled[1])")
        let untitled = head.probabilities(page.typeFeatures(withTitles: false))
        #expect(untitled[0] > 0.5, "without the title the vectors decide: p(invoice) = \(untitled[0])")
    }

    func layout(_ words: [ParsedDocument.Word]) -> DocumentLayout {
        let page = try! JSONDecoder().decode(ParsedDocument.Page.self, from: Data("""
            {"number": 1, "width": 595, "height": 842, "text": "", "needs_ocr": false, "words": \(String(decoding: try! JSONEncoder().encode(words), as: UTF8.self))}
            """.utf8))
        return DocumentLayout(ParsedDocument(format: .pdf, metadata: .init(pageCount: 1), pages: [page], text: ""))
    }

    /// Of a party printed several times, the result shows the printing its role's label names,
    /// whichever printing the head scored higher; a label of the other role does not count.
    @Test func aPartyIsShownAsItsRoleLabelPrintsIt() {
        func row(_ label: [String], _ name: [String], y: Double) -> [ParsedDocument.Word] {
            var x = 40.0
            var out = label.map { text in defer { x += Double(text.count) * 5.5 + 3 }; return word(text, x, y) }
            x = 200
            out += name.map { text in defer { x += Double(text.count) * 5.5 + 3 }; return word(text, x, y) }
            return out
        }
        let layout = layout(row(["Sold", "By:"], ["Acme", "Widgets", "Pvt.", "Ltd."], y: 80)
                            + row(["Regd.", "office:"], ["Acme", "Widgets", "Private", "Limited"], y: 700)
                            + row(["Bill", "To:"], ["Acme", "Widgets", "Ltd"], y: 140))
        func index(_ value: String) -> Int { layout.candidates.firstIndex { $0.value == value }! }
        let labelled = index("Acme Widgets Pvt. Ltd."), office = index("Acme Widgets Private Limited"), billed = index("Acme Widgets Ltd")
        let vendor = ResultSchema.FieldRule(name: "vendor_name", kind: .string, allowed: nil, pattern: nil, minimum: nil, maximum: nil,
                                            maskedAsTIN: false, shape: .name)
        let scored: [(index: Int, d: Float, value: String)] = [(office, 0.9, "acme widgets"), (labelled, 0.2, "acme widgets"),
                                                                (billed, 0.5, "acme widgets")]
        #expect(FieldDecoder.rolePrinting(of: office, vendor, scored, layout: layout) == labelled)
        #expect(FieldDecoder.rolePrinting(of: office, vendor, scored.filter { $0.index != labelled }, layout: layout) == office,
                "the customer's label names no seller")
        var customer = vendor
        customer.name = "customer_name"
        #expect(FieldDecoder.rolePrinting(of: office, customer, scored, layout: layout) == billed)
    }

    /// With no printing under its role's label, the issuer is shown as its largest printing (the
    /// letterhead's or title's), when that is a fifth larger than the one the head preferred; a
    /// customer is shown as the head preferred.
    @Test func anIssuerIsShownAsItsLetterheadPrintsIt() {
        let layout = layout([word("Northwind", 40, 60, size: 18), word("Traders", 150, 60, size: 18),
                             word("Northwind", 40, 780, size: 8), word("Traders,", 85, 780, size: 8), word("Inc.", 122, 780, size: 8)])
        func index(_ value: String) -> Int { layout.candidates.firstIndex { $0.value == value }! }
        let title = index("Northwind Traders"), footer = index("Northwind Traders, Inc.")
        var rule = ResultSchema.FieldRule(name: "vendor_name", kind: .string, allowed: nil, pattern: nil, minimum: nil, maximum: nil,
                                          maskedAsTIN: false, shape: .name)
        let scored: [(index: Int, d: Float, value: String)] = [(footer, 0.9, "northwind traders"), (title, 0.4, "northwind traders")]
        #expect(FieldDecoder.rolePrinting(of: footer, rule, scored, layout: layout) == title)
        rule.name = "customer_name"
        #expect(FieldDecoder.rolePrinting(of: footer, rule, scored, layout: layout) == footer)
    }

    /// An attention line that names an organisation is labelled by the heading over it; one that
    /// names a person keeps its marker as the label.
    @Test func anAttentionLineNamingACompanyIsTheAddressee() {
        let layout = layout([word("Bill", 40, 100, bold: true), word("to", 62, 100, bold: true), word("Address:", 76, 100, bold: true),
                             word("ATTN:", 40, 114), word("iViveLabs", 90, 114), word("Limited", 140, 114),
                             word("Ship", 300, 100, bold: true), word("to:", 325, 100, bold: true),
                             word("Attn:", 300, 114), word("Jane", 350, 114), word("Roe", 378, 114)])
        #expect(layout.candidates.first { $0.value == "iViveLabs Limited" }?.label == "Bill to Address")
        #expect(layout.candidates.first { $0.value == "Jane Roe" }?.label == "Attn")
    }

    /// Once the vendor field took a party, none of that party's printings weighs against the
    /// customer; a field keeps its own party's printings when both fields chose one party.
    @Test func aPartyTheOtherFieldTookIsNoRival() throws {
        let layout = layout([word("Acme", 40, 80), word("Widgets", 70, 80), word("Ltd.", 115, 80),
                             word("Acme", 40, 700), word("Widgets", 70, 700), word("Limited", 115, 700),
                             word("Jane", 40, 300), word("Roe", 70, 300)])
        let schema = try ResultSchema.load(type: "invoice", folder: Shipped.schemas)
        func index(_ value: String) -> Int { layout.candidates.firstIndex { $0.value == value }! }
        let acme = Set([index("Acme Widgets Ltd."), index("Acme Widgets Limited")])
        let taken = FieldDecoder.partyPrintings(takenBy: ["vendor_name": (index("Acme Widgets Ltd."), 0.9), "customer_name": (index("Jane Roe"), 0.6)],
                                                besides: "customer_name", schema: schema, layout: layout)
        #expect(taken == acme)
        #expect(FieldDecoder.partyPrintings(takenBy: ["vendor_name": (index("Acme Widgets Ltd."), 0.9), "customer_name": (index("Acme Widgets Limited"), 0.6)],
                                            besides: "customer_name", schema: schema, layout: layout).isEmpty)
        #expect(FieldDecoder.partyPrintings(takenBy: ["invoice_number": (index("Acme Widgets Ltd."), 0.9)],
                                            besides: "customer_name", schema: schema, layout: layout).isEmpty, "only name fields take parties")
    }

    /// An IBAN a table cell wraps over two lines (as on the corpus's BC invoice) is one
    /// candidate; a line below in another column, or a join that fails mod 97, is not.
    @Test func ibansWrappedOverTwoLinesAreJoined() {
        func words(tailX: Double, tail: [String]) -> [ParsedDocument.Word] {
            [word("Bank", 50, 100), word("IBAN", 200, 100),
             word("044", 50, 114), word("025", 75, 114), word("DE67", 200, 114), word("1004", 228, 114), word("8392", 256, 114), word("7221", 284, 114),
            ] + tail.enumerated().map { word($0.element, tailX + Double($0.offset) * 28, 128) }
        }
        let joined = layout(words(tailX: 200, tail: ["8882", "72"])).candidates.filter { $0.kind == .iban }
        #expect(joined.map(\.value) == ["DE67100483927221888272"])
        #expect(joined.first?.label == "044 025", "labelled like any candidate on its line: by the phrase to its left")
        #expect(joined.first.map { $0.bbox[1] < 110 && $0.bbox[3] >= 128 } == true, "the box spans both lines")
        #expect(layout(words(tailX: 400, tail: ["8882", "72"])).candidates.filter { $0.kind == .iban }.isEmpty, "another column")
        #expect(layout(words(tailX: 200, tail: ["8882", "73"])).candidates.filter { $0.kind == .iban }.isEmpty, "fails mod 97")
    }

    /// A phrase printed left of a date or an identifier on its line is a label, whatever it
    /// says; a name with a street beside it, or a label over its value, is not marked.
    @Test func phrasesThatLabelAValueOnTheirLineAreNoValues() {
        let layout = layout([
            word("Nom", 50, 100), word("du", 72, 100), word("patient", 86, 100), word("Greta", 400, 100), word("Achterberg", 432, 100),
            word("Né(e)", 50, 116), word("le", 80, 116), word("14/10/2007", 400, 116),
            word("Identifiant", 50, 132), word("assuré", 115, 132), word("MBR12345678", 400, 132),
            word("Beispiel", 50, 148), word("AG", 96, 148), word("Somestreet", 400, 148), word("42", 460, 148),
            word("Customer", 50, 180, size: 7), word("Marlin", 50, 192), word("Office", 86, 192), word("SAS", 122, 192), word("17.02.2026", 400, 192),
        ])
        let marked = Set(layout.candidates.filter(\.labelsAValue).map(\.value))
        #expect(marked == ["Né(e) le", "Identifiant assuré", "Marlin Office SAS"], "the customer left of a date reads as its label too")
        let name = ResultSchema.FieldRule(name: "patient_name", kind: .string, allowed: nil, pattern: nil, minimum: nil, maximum: nil,
                                          maskedAsTIN: false, shape: .name)
        let admitted = Set(layout.candidates.filter { FieldRouting.admits($0, name, kinds: [.phrase]) }.map(\.value))
        #expect(admitted.isDisjoint(with: marked))
        #expect(admitted.isSuperset(of: ["Greta Achterberg", "Beispiel AG"]))
    }

    /// Cells of a row under a row of headings are values, each under its own heading: the
    /// name left of a VAT number is not its label. A table row's description still labels its
    /// price, also when the price is printed with its currency.
    @Test func aRowUnderHeadingsIsValuesNotLabels() {
        let layout = layout([
            word("Bill", 50, 100, size: 7), word("to", 64, 100, size: 7), word("VAT", 220, 100, size: 7), word("ID", 236, 100, size: 7),
            word("PO", 390, 100, size: 7), word("number", 402, 100, size: 7),
            word("Sonnental", 50, 112), word("Retail", 98, 112), word("Corp.", 130, 112), word("DE886706783", 220, 112), word("PO-673830", 390, 112),
            word("Description", 50, 150, size: 7), word("Service", 220, 150, size: 7), word("Amount", 390, 150, size: 7),
            word("Consulting", 50, 162), word("Glacier", 220, 162), word("$2.22", 390, 162),
        ])
        let marked = Set(layout.candidates.filter(\.labelsAValue).map(\.value))
        #expect(!marked.contains("Sonnental Retail Corp."), "\(marked)")
        #expect(marked.contains("Glacier"), "the cell left of a price labels it: \(marked)")
        let customer = ResultSchema.FieldRule(name: "customer_name", kind: .string, allowed: nil, pattern: nil, minimum: nil, maximum: nil,
                                              maskedAsTIN: false, shape: .name)
        #expect(layout.candidates.contains { $0.value == "Sonnental Retail Corp." && FieldRouting.admits($0, customer, kinds: [.phrase]) })
    }

    /// The digits of a date, an EIN or an SSN are no price: the name left of such a value in a
    /// row under headings is a value too (patient records, lab reports, tax forms).
    @Test func theDigitsOfATypedValueAreNoTableAmount() {
        let layout = layout([
            word("Patient", 50, 100, size: 7), word("Geburtsdatum", 220, 100, size: 7), word("Patienten-ID", 390, 100, size: 7),
            word("Kwame", 50, 112), word("Achterberg", 86, 112), word("6.", 220, 112), word("Juni", 232, 112), word("1995", 258, 112),
            word("MRN-8841704", 390, 112),
            word("Payer", 50, 150, size: 7), word("name", 84, 150, size: 7), word("Payer", 220, 150, size: 7), word("TIN", 254, 150, size: 7),
            word("Marlin", 50, 162), word("Handel", 84, 162), word("PLC", 122, 162), word("26-2492284", 220, 162),
        ])
        let marked = Set(layout.candidates.filter(\.labelsAValue).map(\.value))
        #expect(!marked.contains("Kwame Achterberg") && !marked.contains("Marlin Handel PLC"), "\(marked)")
        #expect(layout.candidates.contains { $0.kind == .date && $0.value == "1995-06-06" })
    }

    @Test func fieldsRouteToTheirCandidateKinds() {
        let invoice = Shipped.pipeline.settings("invoice")!.schema
        #expect(FieldRouting.kinds(for: invoice.rule("invoice_date")!) == [.date])
        #expect(FieldRouting.kinds(for: invoice.rule("total_amount")!) == [.amount])
        #expect(FieldRouting.kinds(for: invoice.rule("iban")!) == [.iban])
        #expect(FieldRouting.kinds(for: invoice.rule("vendor_name")!) == [.phrase])
        #expect(FieldRouting.kinds(for: invoice.rule("currency")!).isEmpty, "currency comes from the chosen amounts")
        let taxForm = Shipped.pipeline.settings("tax_form")!.schema
        #expect(FieldRouting.kinds(for: taxForm.rule("payer_tin")!).contains(.ein), "an employer's EIN is a typed candidate, unmasked or not")
        #expect(FieldRouting.kinds(for: invoice.rule("vendor_tax_id")!) == [.ssn, .ein, .phrase])
        #expect(FieldRouting.matches("1234.5", "1234.50", kind: .number))
        #expect(FieldRouting.matches("ACME  Ltd", "acme ltd", kind: .string))
        #expect(FieldRouting.matches("DE 232 446 240", "DE232446240", kind: .string), "digits printed in groups")
        #expect(!FieldRouting.matches("AB C", "ABC", kind: .string), "only numbers are compared without their spaces")
    }

    /// A name another field took is no rival: the sender printed over the address window
    /// leads by a wide margin once the recipient's name went to the customer field.
    @Test func aValueAnotherFieldTookIsNoRival() {
        let scored: [(index: Int, d: Float, value: String)] = [(0, 5.6, "iViveLabs Ltd."), (1, 5.4, "QualityHosting AG"),
                                                               (2, 2.7, "QualityHosting AG"), (3, 0.9, "Yuen Long, N.T.")]
        #expect(abs(FieldDecoder.lead(of: 5.4, value: "QualityHosting AG", among: scored, taken: []) - -0.2) < 1e-5)
        #expect(abs(FieldDecoder.lead(of: 5.4, value: "QualityHosting AG", among: scored, taken: [0]) - 4.5) < 1e-5,
                "the same value printed again is no rival either")
        #expect(FieldDecoder.lead(of: 0.9, value: "Yuen Long, N.T.", among: scored, taken: [0, 1, 2]) == HeadSet.marginLimit)
    }

    /// A value's share of the page: every candidate printing it counts for it, every other one
    /// and "none" (log-odds 0) against it, and what another field took drops out.
    @Test func aValueIsWeighedAgainstTheRestOfThePage() {
        let scored: [(index: Int, d: Float, value: String)] = [(0, 2, "Envato"), (1, 2, "Envato"), (2, 0, "Member")]
        // p(Envato) = 2e² / (1 + 2e² + e⁰), so the log-odds are log(2e² / 2) = 2.
        #expect(abs(FieldDecoder.valueLogOdds(of: "Envato", among: scored) - 2) < 1e-5)
        #expect(abs(FieldDecoder.valueLogOdds(of: "Envato", among: scored, taken: [2]) - (2 + log(2))) < 1e-5)
        #expect(abs(FieldDecoder.valueLogOdds(of: "Member", among: scored) - (0 - log(1 + 2 * exp(2)))) < 1e-5)
        // A lone candidate the head rejects stays rejected: alone on the page is not enough.
        #expect(FieldDecoder.valueLogOdds(of: "Member", among: [(2, -3, "Member")]) == -3)
        // Scores far beyond Float's exp range neither overflow nor tie.
        let huge = FieldDecoder.valueLogOdds(of: "Envato", among: [(0, 400, "Envato"), (1, 390, "Member")])
        #expect(abs(huge - 10) < 1e-3)
    }

    /// The title inputs: a short line among the first page's first five or in its largest
    /// sizes names a type; the same words in a long sentence, in small print further down, or
    /// on a later page do not.
    @Test func theTitleNamesTheTypeAndSmallPrintDoesNot() {
        func named(_ words: [ParsedDocument.Word]) -> Set<String> {
            let inputs = TypeTitles.inputs(layout(words).lines)
            return Set(zip(TypeTitles.types, inputs).filter { $0.1 == 1 }.map(\.0))
        }
        var page = [word("PAYMENT", 50, 60, size: 18, bold: true), word("RECEIPT", 160, 60, size: 18, bold: true)]
        for (n, y) in [100.0, 120, 140, 160, 180, 200].enumerated() { page.append(word("Line\(n)", 50, y)) }
        #expect(named(page) == ["receipt"])
        // Small print lower down: "Please ask the hotel for an invoice" names nothing.
        let note = ["Please", "ask", "the", "hotel", "for", "an", "invoice"].enumerated().map { word($1, 50 + Double($0) * 45, 400, size: 7) }
        #expect(named(page + note) == ["receipt"])
        // In large print it would: a heading further down the page counts.
        #expect(named(page + [word("Tax", 50, 300, size: 18), word("Invoice:", 90, 300, size: 18)]) == ["receipt", "invoice"])
        // A long sentence is no title, even at the top.
        let sentence = ["This", "claim", "summary", "is", "sent", "to", "you", "because", "a", "provider", "billed", "your", "plan"]
            .enumerated().map { word($1, 30 + Double($0) * 40, 40) }
        #expect(named(sentence + page) == ["receipt"])
        #expect(named([word("Explanation", 50, 60, size: 16), word("of", 140, 60, size: 16), word("Benefits", 160, 60, size: 16)])
            == ["explanation_of_benefits"])
        // An IRS form names the service under its number; a card statement, a test report.
        #expect(named([word("Form", 50, 40), word("W-9", 80, 40), word("Department", 50, 52), word("of", 110, 52), word("the", 125, 52),
                       word("Treasury", 145, 52), word("Internal", 50, 64), word("Revenue", 95, 64), word("Service", 145, 64)]) == ["tax_form"])
        #expect(named([word("Credit", 50, 60, size: 16), word("Card", 110, 60, size: 16), word("Statement", 160, 60, size: 16)]) == ["bank_statement"])
        #expect(named([word("Blood", 50, 60, size: 16), word("Test", 110, 60, size: 16), word("Report", 160, 60, size: 16)]) == ["lab_report"])
    }

    /// In a subtotal, tax and total that add up, every printing of the other two amounts is no
    /// rival of the third; the field's own value stays its own, even when another field chose it.
    @Test func theOtherAmountsOfASumAreNoRivals() {
        let layout = layout([
            word("Total", 50, 100), word("facture", 80, 100), word("24,99", 300, 100),
            word("TVA", 50, 120), word("5,00", 300, 120),
            word("Somme", 50, 140), word("24,99", 300, 140), word("29,99", 400, 140),
            word("Frais", 50, 160), word("0,00", 300, 160),
        ])
        func all(_ value: String) -> Set<Int> { Set(layout.candidates.indices.filter { layout.candidates[$0].kind == .amount && layout.candidates[$0].value == value }) }
        let net = all("24.99"), tax = all("5"), gross = all("29.99")
        #expect(net.count == 2 && tax.count == 1 && gross.count == 1)
        let choice = ["subtotal_amount": net.min()!, "tax_amount": tax.first!, "total_amount": gross.first!]
        #expect(FieldDecoder.summedPartners(of: "total_amount", chosen: choice, layout: layout) == net.union(tax))
        #expect(FieldDecoder.summedPartners(of: "subtotal_amount", chosen: choice, layout: layout) == tax.union(gross))
        #expect(FieldDecoder.summedPartners(of: "flat_fee", chosen: choice, layout: layout).isEmpty, "a field that chose nothing takes nothing")
        // No tax: the subtotal is the total, and that value is still the total's own.
        let untaxed = ["subtotal_amount": gross.first!, "tax_amount": all("0").first!, "total_amount": gross.first!]
        #expect(FieldDecoder.summedPartners(of: "total_amount", chosen: untaxed, layout: layout) == all("0"))
    }

    /// An order date earlier than the invoice date is not the due date: the next likely later
    /// date is, or none.
    @Test func theDueDateIsNeverBeforeTheInvoiceDate() {
        let layout = layout([
            word("Order", 50, 100), word("Date:", 80, 100), word("15-10-2015", 120, 100),
            word("Invoice", 50, 120), word("Date:", 90, 120), word("20-10-2015", 130, 120),
            word("Payable", 50, 140), word("by", 95, 140), word("19.11.2015", 120, 140),
        ])
        func at(_ value: String) -> Int { layout.candidates.firstIndex { $0.kind == .date && $0.value == value }! }
        let issued = at("2015-10-20"), ordered = at("2015-10-15"), payable = at("2015-11-19")
        var choice: [String: (index: Int, p: Float)] = ["invoice_date": (issued, 0.9), "due_date": (ordered, 0.8)]
        FieldDecoder.jointDates(&choice, ranked: ["due_date": [(ordered, 0.8), (issued, 0.7), (payable, 0.6)]], layout: layout)
        #expect(choice["due_date"]?.index == payable && choice["invoice_date"]?.index == issued)
        choice["due_date"] = (ordered, 0.8)
        FieldDecoder.jointDates(&choice, ranked: ["due_date": [(ordered, 0.8), (payable, 0.3)]], layout: layout)
        #expect(choice["due_date"] == nil, "no later date is likely enough")
    }

    /// A "tax" over a quarter of the total is a fee in the terms, not the tax, and is dropped;
    /// with no tax, a subtotal agrees only when it makes up the total alone or with the charges
    /// printed below it.
    @Test func anImplausibleTaxIsDroppedAndAnUntaxedSubtotalMustMakeTheTotal() {
        let layout = layout([
            word("Hosting", 50, 100), word("3,89", 300, 100),
            word("Total", 50, 120), word("EUR", 90, 120), word("34,73", 300, 120),
            word("Entgelt", 50, 200), word("15,00", 300, 200),
            word("Netto", 50, 300), word("100,00", 300, 300),
            word("Versand", 50, 314), word("4,90", 300, 314),
            word("Summe", 50, 328), word("104,90", 300, 328),
        ])
        func at(_ value: String) -> Int { layout.candidates.firstIndex { $0.kind == .amount && $0.value == value }! }
        var choice: [String: (index: Int, p: Float)] = ["tax_amount": (at("15"), 0.6), "total_amount": (at("34.73"), 0.9)]
        FieldDecoder.dropImplausibleTax(&choice, layout: layout)
        #expect(choice["tax_amount"] == nil && choice["total_amount"]?.index == at("34.73"), "15.00 is 43% of 34.73")
        choice = ["tax_amount": (at("4.9"), 0.6), "total_amount": (at("104.9"), 0.9)]
        FieldDecoder.dropImplausibleTax(&choice, layout: layout)
        #expect(choice["tax_amount"]?.index == at("4.9"), "4.90 of 104.90 may be a tax")

        #expect(!FieldDecoder.amountsAgree(at("3.89"), nil, at("34.73"), layout: layout), "a line item is no untaxed subtotal")
        #expect(FieldDecoder.amountsAgree(at("104.9"), nil, at("104.9"), layout: layout))
        #expect(FieldDecoder.amountsAgree(at("100"), nil, at("104.9"), layout: layout), "100.00 + shipping 4.90 = 104.90")
    }

    /// A filled form's values become candidates: labelled by their tooltips, typed where the
    /// recognizers know them, on the line of their printed label; and a form number inside a
    /// heading is a candidate of its own.
    @Test func filledFormFieldsAndFormNumbersAreCandidates() throws {
        let path = Repository.root + "/Tests/Fixtures/pdf/filled-tax-form.pdf"
        let document = try DocumentParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: "form.pdf")
        let layout = DocumentLayout(document)
        let payer = try #require(layout.candidates.first { $0.value == "Lakeside Clinic Partners LLC" })
        #expect(payer.kind == .phrase && payer.label == "Payer's name")
        #expect(layout.lines[payer.line].text.hasPrefix("PAYER'S name"))
        #expect(layout.candidates.contains { $0.kind == .ein && $0.value == "842917365" && $0.label == "Payer's TIN" })
        #expect(layout.candidates.contains { $0.kind == .ssn && $0.value == "401552387" })
        let amounts = layout.candidates.filter { $0.kind == .amount && $0.label == "Box 1 Nonemployee compensation" }
        #expect(amounts.map { Decimal(string: $0.value) } == [Decimal(12500)], "\(amounts.map(\.value))")
        #expect(!layout.candidates.contains { $0.value == "true" }, "check boxes are not values")
        let formNumber = try #require(layout.candidates.first { $0.value == "1099-NEC" })
        #expect(formNumber.label == "Form")
        #expect(DocumentLayout.isFormNumber("W-2") && DocumentLayout.isFormNumber("1099-MISC") && !DocumentLayout.isFormNumber("W-22"))
        #expect(DocumentLayout.readableName("topmostSubform[0].PayerTIN_f1[0]") == "Payer TIN f")
    }
}
