import Foundation

/// Which candidates may fill a field, from its schema rule: dates from dates, numbers from
/// amounts, IBANs from IBANs, … and text fields from phrases. Arrays are not extracted by heads.
public enum FieldRouting {
    public static func kinds(for rule: ResultSchema.FieldRule) -> Set<FieldCandidate.Kind> {
        switch rule.kind {
        case .date: return [.date]
        case .number: return [.amount]
        case .integer: return [.amount, .phrase]
        case .boolean, .array, .object: return []
        case .string:
            if rule.name == "currency" { return [] }
            if rule.name.hasSuffix("iban") { return [.iban] }
            if rule.name.hasSuffix("npi") { return [.npi] }
            // Tax numbers come typed (an EIN, an SSN) or as printed phrases (VAT numbers).
            if rule.maskedAsTIN || rule.shape == .taxID { return [.ssn, .ein, .phrase] }
            return [.phrase]
        }
    }

    /// Whether a candidate may fill the field: its kind is routed there and its value has the
    /// field's shape. Training, decoding and candidate recall all use this one rule.
    /// Text printed with a colon after it ("Ihre Auftragsnummer:") or left of a value on its
    /// line ("Né(e) le  14/10/2007") is a label, never a value. Except for words such as a means
    /// of payment: a till prints "VISA" or "CASH" left of the amount paid, as a label's place;
    /// what such a field rules out is a label of words ("Paiement  VISA").
    public static func admits(_ candidate: FieldCandidate, _ rule: ResultSchema.FieldRule, kinds: Set<FieldCandidate.Kind>) -> Bool {
        let printedAsLabel = candidate.endsWithColon || (rule.shape == .words ? candidate.labelsWords : candidate.labelsAValue)
        guard kinds.contains(candidate.kind) && !(candidate.kind == .phrase && printedAsLabel)
            && (rule.shape?.admits(candidate) ?? true) else { return false }
        let glosses = LabelGlossary.glosses(of: candidate.label)
        let over = LabelGlossary.glosses(of: candidate.labelOver)
        return !labelRulesOut(candidate, beside: glosses, field: rule.name) && !glosses.contains(formControlLabel)
            && !(glosses.isEmpty && over.contains(formControlLabel))
            && !(labelsOfOtherValues[rule.name].map { !$0.isDisjoint(with: glosses) } ?? false)
            && !(rule.shape == .name && nameRulesOut(candidate, beside: glosses, over: over, field: rule.name))
    }

    /// Whether the labels, the layout or the window rule out a name: a company officer's label,
    /// an entry of a list (QualityHosting's "Grundgebühr pro Einheit", under each of six
    /// services, held a third of the vendor's rival mass), a line inside an address, the other
    /// party's heading over it, a way of paying beside it, a table's column heading, or the
    /// other side of a window letter.
    static func nameRulesOut(_ candidate: FieldCandidate, beside: [String], over: [String], field: String) -> Bool {
        if beside.contains(officerLabel) || candidate.isListEntry { return true }
        // Between an address line above and one below in its block: the city or region line of
        // an address ("Yuen Long, N.T." between "93B Sai Yu Chung" and "Hong Kong").
        if candidate.addressBlock.afterAddressLine && candidate.addressBlock.addressLinesBelow > 0 { return true }
        if let other = labelsOfOtherValues[field], headsItsColumn(candidate.labelOver), !other.isDisjoint(with: over) { return true }
        if beside.contains(paymentMethod) && !beside.contains("seller") { return true }
        if beside.contains(columnHeader) || (beside.isEmpty && over.contains(columnHeader)) { return true }
        return windowRulesOut(candidate, field: field)
    }

    /// Text over a value that is a heading and nothing else ("Ship To:"): a sentence over a
    /// footer ("… attached at the end of this Invoice", where "to" or "an" may turn up) is not.
    static func headsItsColumn(_ labelOver: String) -> Bool {
        !labelOver.isEmpty && LabelGlossary.labelCoverage(of: labelOver) >= 0.5
    }

    /// What follows a way of paying ("Virement  BRED BANQUE POPULAIRE") is the bank or the
    /// card, no party.
    static let paymentMethod = "payment method"

    /// A table's column heading ("Product", "Description"): what is under or beside it is an
    /// item, never a party. Flipkart's product "Memory cards" was its customer at 0.70.
    static let columnHeader = "table column header"

    /// A window letter says who is who: the sender line is the issuer's, the name under it the
    /// addressee's. So the issuer is not the window's addressee (unless the sender line names
    /// it too), and the customer is nothing on the sender line. QualityHosting's customer,
    /// alone at the top of a page whose logo is a picture, was its vendor at 0.64.
    static func windowRulesOut(_ candidate: FieldCandidate, field: String) -> Bool {
        switch field {
        case "vendor_name":
            guard let issuer = candidate.underSenderLine else { return false }
            return ValueShape.partyKey(issuer) != ValueShape.partyKey(candidate.value)
        case "customer_name": return candidate.onSenderLine
        default: return false
        }
    }

    /// Labels that name what a field's value is not. The other party of an invoice: what is
    /// billed or shipped to is not the vendor, what is sold by is not the customer, whether the
    /// label is beside the name or over it (a "Ship To:" column whose row starts with the
    /// "Bill To:" name: Sammy Maystone's ship-to store was its vendor at 0.37) (weclapp's
    /// delivery address 'Beispiel Lager AG', under 'Lieferadresse', split the vendor's share
    /// with 'weclapp.com'); the holder of the account an invoice is paid to is its issuer
    /// (Netpresse's customer was 'NETPRESSE' under 'Titulaire du compte'). And the invoice a
    /// credit note or correction refers to: its number and date are not this invoice's (the EN16931 sample's 'DATE DE FACTURE ASSOCIÉE' was its
    /// invoice date at 0.57, its 'DATE DE LIVRAISON' the runner-up). A delivery date is
    /// neither the invoice's date nor its due date.
    static let labelsOfOtherValues: [String: Set<String>] = [
        "vendor_name": ["customer billed", "shipping address"],
        "customer_name": ["seller", "account holder name"],
        "invoice_number": ["preceding invoice reference"],
        "invoice_date": ["preceding invoice reference", "delivery date"],
        "due_date": ["delivery date"],
    ]

    /// What a form's approval number is labelled ("OMB No."): the form's, no field's value. It
    /// was a 1040's payer TIN and a VA form's tax withheld.
    static let formControlLabel = "form control number"

    /// A name under an officer's label ("Vorstand", "Geschäftsführer", "Managing Director") is
    /// a person of the issuer: neither party's name. QualityHosting's footer board member was
    /// its customer at 0.87.
    static let officerLabel = "company officer or director"

    /// What the labels of fields with a label of their own mean (`LabelGlossary`).
    static let ownLabels: [String: String] = [
        "invoice_number": "invoice number", "purchase_order": "purchase order number", "claim_number": "claim number",
        "due_date": "due date for payment",
    ]
    /// Fields taken only from beside or under their own label: what has neither is some other
    /// number or date (QualityHosting's purchase order was a year in a product name; Envato's
    /// due date, at 0.97, the day its credits "expire on").
    static let labelRequired: Set<String> = ["purchase_order", "due_date"]
    /// Numbers of other kinds, as their labels say.
    static let otherNumbers: Set<String> = [
        "invoice number", "purchase order number", "claim number", "customer number", "post office box of an address",
        "VAT tax identification number", "bank account IBAN", "bank BIC code", "bank sort code", "phone number",
        "member insurance ID", "patient record number", "payer TIN tax identification", "recipient TIN tax identification",
    ]

    /// Whether the candidate's labels rule it out for the field: a field that needs its own
    /// label lacks it, or the label names another kind of number and not the field's own
    /// ("Kundennr. 47774" and "Blz: 507 500 94" were QualityHosting's purchase order candidates
    /// at head scores 0.73 and 0.81).
    /// `beside`: the glosses of the candidate's label.
    static func labelRulesOut(_ candidate: FieldCandidate, beside: [String], field: String) -> Bool {
        guard let own = ownLabels[field] else { return false }
        if beside.contains(own) { return false }
        // The label over a value counts only when the text beside it labels nothing: stacked
        // "Bestellnr. …" over "Rechnungsnr. 30064443" does not make the invoice number an order.
        if labelRequired.contains(field) { return !beside.isEmpty || !LabelGlossary.glosses(of: candidate.labelOver).contains(own) }
        return beside.contains { otherNumbers.contains($0) }
    }

    /// Whether a candidate's value is the labelled value (for training and evaluation).
    public static func matches(_ candidate: String, _ label: String, kind: ResultSchema.Kind) -> Bool {
        switch kind {
        case .number, .integer:
            guard let a = Decimal(string: candidate, locale: Locale(identifier: "en_US_POSIX")),
                  let b = Decimal(string: label, locale: Locale(identifier: "en_US_POSIX")) else { return false }
            return a == b
        default:
            let fold = { (s: String) in s.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            if fold(candidate) == fold(label) { return true }
            // Numbers printed in groups are the same number: "DE 232 446 240" is DE232446240.
            let compact = { (s: String) in s.uppercased().filter { !$0.isWhitespace } }
            return label.filter(\.isNumber).count >= 6 && compact(candidate) == compact(label)
        }
    }
}
