import Foundation

/// Generated PDFs of unstructured documents, for training and evaluating the classifier and
/// field heads. Each document has a type, a layout family (how labels and values sit on the
/// page), a language (wording, date and number formats) and a font; held-out documents use a
/// layout family, wordings and languages that training documents never use.
public enum FormSamples {
    public static let types = ["invoice", "receipt", "bank_statement", "payment_order", "financial_report", "clinical_summary",
                               "lab_report", "prescription", "claim", "explanation_of_benefits", "patient_record", "tax_form", "other"]
    /// Layout families 0–2 are for training, 3 is held out.
    static let trainingFamilies = 0..<3
    static let heldOutFamily = 3
    static let fonts = ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"]

    public struct Label: Sendable {
        public var file: String
        public var docType: String
        public var fields: [String: String]
        public var family: Int
        public var language: String
    }

    /// One printed field: its schema name (nil for decoration), label, printed value, stored value.
    struct Entry {
        var field: String?
        var label: String?
        var printed: String
        var value: String
    }

    /// Writes document `index` of the mix into `folder` and returns its label.
    public static func write(_ index: Int, seed: UInt64, heldOut: Bool, to folder: String) throws -> Label {
        var r = SampleRandom(seed: seed &* 7_919 &+ UInt64(index) &* 104_729 &+ (heldOut ? 1 : 0))
        let type = types[index % types.count]
        let language = heldOut ? r.pick(Lexicon.heldOutLanguages) : r.pick(Lexicon.trainingLanguages)
        let family = heldOut ? heldOutFamily : r.pick(Array(trainingFamilies))
        let file = String(format: "%@-%05d%@.pdf", type, index, heldOut ? "-heldout" : "")
        // Half the training receipts are till strips (TillReceipt.swift); the held-out set keeps
        // its forms, so its figures stay comparable.
        if type == "receipt", !heldOut, r.int(0...1) == 0 {
            var page = PageContent(language: language, heldOut: false, random: r)
            let (receipt, fields) = page.tillReceipt()
            r = page.random
            let width = r.pick(TillReceipt.widths)
            let cairo = try PDFCanvas(path: folder + "/" + file, width: width, height: receipt.height)
            cairo.font = r.int(0...2) == 0 ? r.pick(fonts) : "DejaVu Sans Mono"
            receipt.draw(on: cairo, width: width, narrowFont: width < 200)
            try cairo.finish()
            return Label(file: file, docType: type, fields: fields, family: family, language: language)
        }
        var page = PageContent(language: language, heldOut: heldOut, random: r)
        page.fill(type)
        r = page.random
        // Every other document comes from Docket's own plain writer instead of cairo, and so do
        // filled forms (cairo cannot write form fields).
        let canvas: TextPage
        if index % 2 == 1 || page.fillable {
            canvas = PlainPDFWriter(path: folder + "/" + file, family: r.pick(["Helvetica", "Times", "Courier"]))
        } else {
            let cairo = try PDFCanvas(path: folder + "/" + file)
            cairo.font = r.pick(fonts)
            canvas = cairo
        }
        // Training pages vary where the issuer and title sit (real letterheads put the sender
        // left, centred or under the title); the held-out family keeps its own arrangement.
        let header = heldOut ? 0 : r.int(0...2)
        Layout(canvas: canvas, family: family, header: header).draw(page)
        try canvas.finish()
        var fields: [String: String] = [:]
        for entry in page.header + page.addressBlock + page.entries + page.footer { if let field = entry.field { fields[field] = entry.value } }
        return Label(file: file, docType: type, fields: fields, family: family, language: language)
    }
}

/// What a generated page says, before it is laid out.
struct PageContent {
    var language: String
    var heldOut: Bool
    var random: SampleRandom
    var title = ""
    /// Large text at the top: the issuer, not labelled.
    var header: [FormSamples.Entry] = []
    var entries: [FormSamples.Entry] = []
    /// A table of rows (distractor dates and amounts), then totals.
    var table: [[String]] = []
    /// Column headings above `table`, when it has them.
    var tableHeader: [String] = []

    /// Line-item headings: real invoices head their quantity, price and line-total columns,
    /// and a "Total" heading over line totals must not make them the invoice's total.
    static let itemHeadings: [String: [String]] = [
        "en": ["Description", "Qty", "Unit price", "Total"], "de": ["Beschreibung", "Menge", "Einzelpreis", "Gesamt"],
        "fr": ["Désignation", "Qté", "Prix unitaire", "Total"], "nl": ["Omschrijving", "Aantal", "Stukprijs", "Totaal"],
    ]
    var footer: [FormSamples.Entry] = []
    var paragraphs: [String] = []
    /// Small print under the title: a form's instructions and checkboxes.
    var instructions: [String] = []
    /// An unlabelled recipient address (name first) under a small sender line, left of the entries.
    var addressBlock: [FormSamples.Entry] = []
    var senderLine = ""
    /// The issuer's letterhead is a logo: its name is not printed at the top.
    var logoOnly = false
    /// The issuer's street and city under its name in the letterhead.
    var issuerAddress: [String] = []
    /// Web and mail addresses printed small under the letterhead.
    var contactLine = ""
    /// Small lines at the foot of the page: the issuer's name, address, register, web and mail.
    var pageFooter: [String] = []
    /// "Page 1 of 1", at the top or the foot: a phrase no field should take.
    var pageMarker = ""

    static let paymentTerms = [
        "en": "Payable within 30 days without deduction.", "de": "Zahlbar innerhalb von 30 Tagen ohne Abzug.",
        "fr": "Payable à 30 jours sans escompte.", "nl": "Te betalen binnen 30 dagen zonder aftrek.",
    ]

    /// Values go into form fields rather than onto the page, as in a filled fillable PDF (only
    /// where the producer can write form fields; cairo cannot, and prints them).
    var fillable = false

    /// Form type, title and label sets (payer, payer TIN, recipient, recipient TIN, gross,
    /// withheld) of US information returns.
    static let usTaxForms: [(type: String, title: String, labels: [[String]])] = [
        ("W-2", "Wage and Tax Statement", [
            ["Employer's name, address, and ZIP code", "Employer identification number (EIN)", "Employee's name",
             "Employee's social security number", "Wages, tips, other compensation", "Federal income tax withheld"],
            ["Employer", "EIN", "Employee", "SSN", "Wages", "Federal tax withheld"],
            // Box numbers lead the labels on the real forms: a number there is not a value.
            ["c Employer's name", "b Employer identification number", "e Employee's name", "a Employee's SSN",
             "1 Wages, tips, other compensation", "2 Federal income tax withheld"]]),
        ("1099-NEC", "Nonemployee Compensation", [
            ["PAYER'S name", "PAYER'S TIN", "RECIPIENT'S name", "RECIPIENT'S TIN", "Nonemployee compensation", "Federal income tax withheld"],
            ["PAYER'S name", "PAYER'S TIN", "RECIPIENT'S name", "RECIPIENT'S TIN", "1 Nonemployee compensation", "4 Federal income tax withheld"]]),
        ("1099-MISC", "Miscellaneous Information", [
            ["PAYER'S name", "PAYER'S TIN", "RECIPIENT'S name", "RECIPIENT'S TIN", "3 Other income", "4 Federal income tax withheld"]]),
        ("1099-INT", "Interest Income", [
            ["Payer's name", "Payer's TIN", "Recipient's name", "Recipient's TIN", "1 Interest income", "4 Federal income tax withheld"]]),
    ]

    init(language: String, heldOut: Bool, random: SampleRandom) {
        (self.language, self.heldOut, self.random) = (language, heldOut, random)
    }

    mutating func label(_ field: String) -> String { Lexicon.label(field, language: language, heldOut: heldOut, &random) }

    /// A labelled date. `daysAfter` makes it a due date: 7 to 60 days after that ISO date, as
    /// payment terms run. The random draws are the same either way, so documents that have no
    /// such date come out as before.
    mutating func date(_ field: String, year: Int = 2026, daysAfter base: String? = nil) -> FormSamples.Entry {
        let drawn = random.date(year: year)
        let labelText = label(field)
        let style = random.int(0...2)
        let iso = base.map { Self.adding(days: [7, 10, 14, 14, 21, 30, 30, 30, 45, 60][Int(drawn.compact.suffix(2))! % 10], to: $0) } ?? drawn.iso
        return FormSamples.Entry(field: field, label: labelText, printed: PrintedValues.date(iso, language: language, style: style), value: iso)
    }

    /// A German VAT number, printed compact ("DE123456789") or grouped in threes ("DE 123 456
    /// 789") as many letterheads do; the digits choose, so no random draw is added.
    mutating func vatNumber(_ digits: String) -> FormSamples.Entry {
        let value = "DE" + digits
        let grouped = (["DE"] + stride(from: 0, to: 9, by: 3).map { String(Array(digits)[$0..<$0 + 3]) }).joined(separator: " ")
        let printed = Int(String(digits.first!))! % 2 == 1 ? grouped : value
        return FormSamples.Entry(field: "vendor_tax_id", label: label("vendor_tax_id"), printed: printed, value: value)
    }

    static func adding(days: Int, to iso: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        let end = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
        return String(format: "%04d-%02d-%02d", end.year!, end.month!, end.day!)
    }

    mutating func text(_ field: String, _ value: String) -> FormSamples.Entry {
        FormSamples.Entry(field: field, label: label(field), printed: value, value: value)
    }

    mutating func money(_ field: String?, cents: Int, currency: String, symbolFirst: Bool) -> FormSamples.Entry {
        FormSamples.Entry(field: field, label: field.map { label($0) },
                          printed: PrintedValues.money(cents, currency: currency, language: language, symbolFirst: symbolFirst),
                          value: SampleRandom.money(cents))
    }
    mutating func person() -> String { let p = XMLSamples.person(&random); return "\(p.given) \(p.family)" }

    mutating func fill(_ type: String) {
        title = Lexicon.title(type, language: language, heldOut: heldOut, &random)
        let currency = language == "en" ? random.pick(["USD", "GBP", "EUR"]) : "EUR"
        let symbolFirst = random.int(0...1) == 0
        switch type {
        case "invoice":
            // One issuer in eight is a freelancer or a sole trader: a person's name heads the
            // page, with no legal form and no logo, as on many small businesses' invoices.
            let issuer = random.int(0...7) == 0 ? freelancer() : company(), customer = company()
            let vendor = issuer.name
            header = [FormSamples.Entry(field: "vendor_name", label: nil, printed: vendor, value: vendor)]
            // Many letterheads are a logo; the name is then printed in the footer only.
            logoOnly = !issuer.isPerson && random.int(0...4) == 0
            // The issuer's one address: under half the letterheads, in the sender line, in the footer.
            let issuerLines = address()
            if !logoOnly && random.int(0...1) == 0 { issuerAddress = issuerLines }
            issuerMentions(issuer, address: issuerLines)
            let number = text("invoice_number", "\(random.pick(["INV", "RE", "F", "2026"]))-\(random.digits(5))")
            let issued = date("invoice_date")
            let due = date("due_date", daysAfter: issued.value)
            entries = [number, issued, due, text("customer_name", customer.name), vatNumber(random.digits(9))]
            // Now and then the customer's mail too, so a printed domain is not only the issuer's.
            if random.int(0...5) == 0 {
                entries.append(FormSamples.Entry(field: nil, label: Self.mailLabels[language] ?? "E-mail",
                                                 printed: random.pick(Self.mailboxes) + "@" + customer.domain, value: ""))
            }
            // Many invoices state payment terms instead of a due date.
            if random.int(0...2) == 0 {
                entries.removeAll { $0.field == "due_date" }
                paragraphs.append(Self.paymentTerms[language] ?? Self.paymentTerms["en"]!)
            }
            // Letter-style invoices put the customer in an unlabelled address window under a
            // small sender line, as DIN 5008 and most European invoices do.
            if random.int(0...1) == 0, let customer = entries.firstIndex(where: { $0.field == "customer_name" }) {
                let window = addressWindow(customer: entries.remove(at: customer).value)
                addressBlock = [FormSamples.Entry(field: "customer_name", label: nil, printed: window.name, value: window.name)]
                    + window.lines.map { FormSamples.Entry(field: nil, label: nil, printed: $0, value: "") }
                // Not every window has a sender line over it.
                if random.int(0...2) > 0 { senderLine = ([vendor] + issuerLines).joined(separator: random.pick(Self.separators)) }
            }
            if random.int(0...1) == 0 { entries.append(text("purchase_order", "PO-\(random.digits(6))")) }
            // Goods shipped elsewhere: another name under its own label.
            if random.int(0...4) == 0 {
                entries.append(FormSamples.Entry(field: nil, label: Self.deliveryLabels[language] ?? "Delivery address", printed: company().name, value: ""))
            }
            // Line items with whole-number quantities, unit prices and line totals.
            let items = (0..<random.int(1...5)).map { _ in (quantity: random.int(1...12), unit: random.int(500...40_000)) }
            let net = items.reduce(0) { $0 + $1.quantity * $1.unit }, tax = net * 19 / 100
            tableHeader = Self.itemHeadings[language] ?? Self.itemHeadings["en"]!
            table = items.map { item in
                [random.pick(["Consulting", "Wartung", "Licences", "Support", "Hardware", "Installation"]), "\(item.quantity)",
                 PrintedValues.amount(item.unit, language: language), PrintedValues.amount(item.quantity * item.unit, language: language)]
            }
            footer = [money("subtotal_amount", cents: net, currency: currency, symbolFirst: symbolFirst),
                      money("tax_amount", cents: tax, currency: currency, symbolFirst: symbolFirst),
                      money("total_amount", cents: net + tax, currency: currency, symbolFirst: symbolFirst),
                      text("iban", germanIBAN(random.digits(18)))]
            footer[2].value = SampleRandom.money(net + tax)
            entries.append(FormSamples.Entry(field: "currency", label: nil, printed: "", value: currency))
            if random.int(0...2) == 0 { paragraphs.append(Self.thanks[language] ?? Self.thanks["en"]!) }
        case "receipt":
            let merchant = random.pick(["Corner Pharmacy", "Bäckerei Sonne", "Café Lumière", "Green Grocer", "City Parking"])
            header = [FormSamples.Entry(field: "merchant_name", label: nil, printed: merchant, value: merchant)]
            entries = [date("receipt_date")]
            let lines = (0..<random.int(1...4)).map { _ in random.int(100...5_000) }
            let total = lines.reduce(0, +)
            table = lines.map { [random.pick(["Item", "Coffee", "Bread", "Tablets", "Ticket"]), PrintedValues.amount($0, language: language)] }
            footer = [money("tax_amount", cents: total * 7 / 107, currency: currency, symbolFirst: symbolFirst),
                      money("total_amount", cents: total, currency: currency, symbolFirst: symbolFirst),
                      text("payment_method", random.pick(["VISA", "Mastercard", "Cash", "Girocard"]))]
            entries.append(FormSamples.Entry(field: "currency", label: nil, printed: "", value: currency))
        case "bank_statement":
            // Half the English training statements are American ones (PageContent+Statements.swift).
            if language == "en", !heldOut, random.int(0...1) == 0 {
                fillUSStatement()
                break
            }
            header = [FormSamples.Entry(field: nil, label: nil, printed: random.pick(["Harbor Savings Bank", "Volksbank Mitte", "Banque du Lac"]), value: "")]
            let opening = random.int(0...2_000_000), moves = (0..<random.int(2...6)).map { _ in random.int(-150_000...150_000) }
            entries = [text("account_holder", company().name), text("account_iban", germanIBAN(random.digits(18))),
                       date("statement_date"), money("opening_balance", cents: opening, currency: "EUR", symbolFirst: false)]
            table = moves.map { [PrintedValues.date(random.date(year: 2026).iso, language: language, style: 0), random.pick(["Transfer", "Card payment", "Direct debit"]),
                                 PrintedValues.amount($0, language: language)] }
            footer = [money("closing_balance", cents: opening + moves.reduce(0, +), currency: "EUR", symbolFirst: false)]
            balancesAsTableRows(columns: 3, amountColumn: 2)
            entries.append(FormSamples.Entry(field: "currency", label: nil, printed: "", value: "EUR"))
        case "lab_report":
            let lab = random.pick(ClinicalSamples.labs)
            header = [FormSamples.Entry(field: "lab_name", label: nil, printed: lab, value: lab)]
            entries = [text("patient_name", person()), date("birth_date", year: random.int(1940...2005)), date("collection_date"),
                       text("ordering_provider", "Dr. " + person())]
            table = (0..<random.int(2...5)).map { _ in
                let test = random.pick(ClinicalSamples.tests)
                return [test.name, String(random.int(test.low...test.high * 2)), test.unit, "\(test.low)-\(test.high)"]
            }
        case "claim":
            fillClaim()
        case "explanation_of_benefits":
            header = [FormSamples.Entry(field: nil, label: nil, printed: random.pick(["Harborline Mutual", "Blue Valley Health Plan"]), value: "")]
            let billed = random.int(5_000...500_000), paid = billed * random.int(40...90) / 100
            entries = [text("member_id", "MBR\(random.digits(8))"), text("claim_number", "CLM-\(random.digits(7))"), date("service_date"),
                       money("paid_amount", cents: paid, currency: "USD", symbolFirst: true)]
            entries.insert(FormSamples.Entry(field: "member_name", label: label("patient_name"), printed: person(), value: ""), at: 0)
            entries[0].value = entries[0].printed
            table = [["Billed", PrintedValues.amount(billed, language: language)], ["Allowed", PrintedValues.amount(paid + 1_000, language: language)]]
            // Payers head their statements with what the page is not.
            if language == "en", !heldOut, random.int(0...1) == 0 {
                instructions = ["THIS IS NOT A BILL", "Keep this notice for your records. It explains how your claim was processed."]
            }
        case "prescription":
            let prescriber = "Dr. " + person()
            header = [FormSamples.Entry(field: "prescriber_name", label: nil, printed: prescriber, value: prescriber)]
            entries = [text("patient_name", person()), date("birth_date", year: random.int(1940...2010)),
                       text("drug_name", random.pick(ClinicalSamples.drugs)), date("prescription_date")]
        case "tax_form":
            // US information returns in English; elsewhere a wage statement with local labels.
            let form = language == "en" ? random.pick(Self.usTaxForms) : Self.usTaxForms[0]
            if language == "en" { title = form.title }
            // The form number alone, or inside a heading ("Form 1099-NEC").
            let printedType = random.int(0...1) == 0 ? form.type : "Form \(form.type)"
            header = [FormSamples.Entry(field: "form_type", label: nil, printed: printedType, value: form.type)]
            let gross = random.int(2_000_000...15_000_000)
            let ein = "\(random.digits(2))-\(random.digits(7))", ssn = "\(random.int(100...665))-\(random.digits(2))-\(random.digits(4))"
            entries = [text("tax_year", String(random.int(2019...2025))), text("payer_name", company().name),
                       text("payer_tin", ein), text("recipient_name", person()), text("recipient_tin", ssn),
                       money("gross_amount", cents: gross, currency: "USD", symbolFirst: false),
                       money("tax_withheld", cents: gross / 5, currency: "USD", symbolFirst: false)]
            // TINs are labelled by their digits, as the recognizers normalize them.
            entries[2].value = ein.filter(\.isNumber); entries[4].value = ssn.filter(\.isNumber)
            let labels = language == "en" ? random.pick(form.labels) : ["Employer", "Tax ID", "Employee", "Tax ID", "Gross wages", "Tax withheld"]
            for (i, label) in labels.enumerated() { entries[i + 1].label = label }
            fillable = random.int(0...1) == 0
        case "payment_order":
            header = [FormSamples.Entry(field: nil, label: nil, printed: random.pick(["Harbor Savings Bank", "Volksbank Mitte", "Banque du Lac"]), value: "")]
            entries = [text("debtor_name", company().name), text("debtor_iban", germanIBAN(random.digits(18))),
                       text("creditor_name", company().name), text("creditor_iban", germanIBAN(random.digits(18))),
                       money("amount", cents: random.int(1_000...5_000_000), currency: "EUR", symbolFirst: false),
                       date("execution_date"), text("end_to_end_id", "E2E-\(random.digits(8))")]
            entries.append(FormSamples.Entry(field: "currency", label: nil, printed: "", value: "EUR"))
        case "financial_report":
            let entity = company().name
            header = [FormSamples.Entry(field: "entity_name", label: nil, printed: entity, value: entity)]
            let revenue = random.int(10_000_000...900_000_000), income = revenue / random.int(5...20)
            entries = [date("period_end", year: random.int(2018...2025)),
                       money("revenue", cents: revenue, currency: "USD", symbolFirst: true),
                       money("net_income", cents: income, currency: "USD", symbolFirst: true),
                       money("total_assets", cents: revenue * 2, currency: "USD", symbolFirst: true)]
            entries.append(FormSamples.Entry(field: "currency", label: nil, printed: "", value: "USD"))
            paragraphs = ["The figures above are audited.", "Management discussion follows on the next pages."]
        case "clinical_summary":
            let organization = random.pick(ClinicalSamples.organizations)
            header = [FormSamples.Entry(field: "organization", label: nil, printed: organization, value: organization)]
            entries = [text("patient_name", person()), date("birth_date", year: random.int(1935...2005)), date("document_date"),
                       text("author_name", "Dr. " + person())]
            paragraphs = ["Reason for admission: \(random.pick(ClinicalSamples.problems).1).",
                          "Discharge medication: \(random.pick(ClinicalSamples.drugs)).", "Follow-up with the family physician in two weeks."]
        case "patient_record":
            header = [FormSamples.Entry(field: nil, label: nil, printed: random.pick(ClinicalSamples.organizations), value: "")]
            entries = [text("patient_name", person()), date("birth_date", year: random.int(1935...2015)),
                       text("patient_id", "MRN-\(random.digits(7))"),
                       text("address", "\(random.int(1...400)) \(random.pick(["Elm", "Harbor", "Mill", "Station"])) Street, Springfield")]
        default:  // other: a letter
            header = [FormSamples.Entry(field: nil, label: nil, printed: company().name, value: "")]
            paragraphs = ["Dear \(person()),", "we would like to inform you about changes to our opening hours.",
                          "From next month our office is open Monday to Thursday.", "Kind regards"]
        }
        // Most real pages print their number.
        if random.int(0...1) == 0 { pageMarker = random.pick(Self.pageMarkers[language] ?? Self.pageMarkers["en"]!) }
    }
}
