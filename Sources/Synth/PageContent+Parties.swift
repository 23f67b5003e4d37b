import Foundation

/// The issuer and the other parties a generated page names, and the small print around them:
/// invented companies with their domains, footers that repeat the issuer's name beside its web,
/// mail, phone and register, contact and delivery lines, page numbers and closing lines. Real
/// pages are full of names and phrases that fill no field; the heads learn to pass them over.
extension PageContent {
    mutating func company() -> CompanyName { CompanyName.random(language: language, heldOut: heldOut, &random) }

    /// A person invoicing under their own name, with a domain of their own or their trade's.
    mutating func freelancer() -> CompanyName {
        let (given, family) = XMLSamples.person(&random)
        let top = random.pick(CompanyName.topLevels[language] ?? CompanyName.topLevels["en"]!)
        let own = CompanyName.ascii(given) + (random.int(0...1) == 0 ? "-" : "") + CompanyName.ascii(family)
        let domain = random.int(0...1) == 0 ? own : CompanyName.ascii(family) + "-" + CompanyName.ascii(random.pick(CompanyName.trades))
        return CompanyName(name: "\(given) \(family)", domain: domain + "." + top, isPerson: true)
    }

    /// How a sender or footer line joins name, street, city, web and mail.
    static let separators = [" · ", " | ", " - ", ", "]
    static let mailboxes = ["info", "billing", "rechnung", "accounts", "contact", "service"]
    static let mailLabels = ["en": "E-mail", "de": "E-Mail", "fr": "Courriel", "nl": "E-mail"]

    /// Where the issuer prints its name again and its web and mail addresses: a footer line
    /// (always when the letterhead is a logo), a phone line, a contact line under the letterhead.
    mutating func issuerMentions(_ issuer: CompanyName, address: [String]) {
        let web = random.int(0...2) == 0 ? "https://www." + issuer.domain : "www." + issuer.domain
        let mail = random.pick(Self.mailboxes) + "@" + issuer.domain
        let separator = random.pick(Self.separators)
        if logoOnly || random.int(0...2) > 0 {
            pageFooter.append(([issuer.name] + address + [random.int(0...1) == 0 ? web : mail]).joined(separator: separator))
            if random.int(0...1) == 0 { pageFooter.append(["Tel. +49 \(random.digits(3)) \(random.digits(6))", mail, web].joined(separator: separator)) }
            // The register and the managers: names and places that are no party of the invoice.
            if !issuer.isPerson && random.int(0...1) == 0 { pageFooter.append(registerLine(separator)) }
        }
        if !logoOnly && random.int(0...3) == 0 { contactLine = [web, mail].joined(separator: separator) }
    }

    mutating func registerLine(_ separator: String) -> String {
        let city = random.pick(["Hamburg", "Hanau", "Lyon", "Utrecht", "München", "Leeds"]), manager = person()
        switch language {
        case "de": return ["Registergericht: Amtsgericht \(city) HRB \(random.digits(5))", "Geschäftsführer: \(manager)",
                           "Sitz der Gesellschaft: \(city)"].joined(separator: separator)
        case "fr": return ["RCS \(city) B \(random.digits(3)) \(random.digits(3)) \(random.digits(3))", "Capital social 10 000 €",
                           "Président : \(manager)"].joined(separator: separator)
        case "nl": return ["KvK \(random.digits(8))", "Directeur: \(manager)", "Vestiging \(city)"].joined(separator: separator)
        default: return ["Registered in England No. \(random.digits(7))", "Directors: \(manager)",
                         "Registered office: \(city)"].joined(separator: separator)
        }
    }

    static let attention = ["en": "Attn:", "de": "z. Hd.", "fr": "À l'attention de", "nl": "t.a.v."]
    static let deliveryLabels = ["en": "Delivery address", "de": "Lieferadresse", "fr": "Adresse de livraison", "nl": "Afleveradres"]

    static let pageMarkers = [
        "en": ["Page 1 of 1", "Page 1/1", "page 1 of 1"], "de": ["Seite 1 von 1", "Seite 1/1"], "fr": ["Page 1 sur 1", "Page 1/1"],
        "nl": ["Pagina 1 van 1", "Blad 1/1"],
    ]
    static let thanks = [
        "en": "Thank you for your business!", "de": "Vielen Dank für Ihren Auftrag.", "fr": "Merci de votre confiance.",
        "nl": "Bedankt voor uw vertrouwen.",
    ]
}
