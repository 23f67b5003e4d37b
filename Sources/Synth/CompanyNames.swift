import Foundation

/// Invented company names for generated PDFs, with the web domain each would print. A handful
/// of fixed names let the heads learn the names themselves; real issuers are a thousand
/// different words ("Envato", "QualityHosting AG", "weclapp.com", "Free SAS"), so names are
/// composed from a stem, often a trade and a legal form of the page's language, or coined from
/// syllables. Held-out documents draw from stems training never sees.
struct CompanyName {
    var name: String
    /// The domain its web address and mail use ("nordlicht-medizintechnik.de").
    var domain: String
    /// A freelancer or sole trader invoicing under their own name: no register, no managers.
    var isPerson = false

    static let stems = [
        "Nordlicht", "Aurora", "Cedar", "Pinewood", "Helios", "Bluebay", "Marlin", "Oakridge", "Kestrel", "Vantage", "Lumen",
        "Brightwater", "Falkenberg", "Rheinblick", "Quantix", "Sonnental", "Tidewell", "Granite", "Silverline", "Alpenrose",
        "Lindqvist", "Beaumont", "Keystone", "Northwind",
        // Held out from here.
        "Polaris", "Zephyr", "Ironbark", "Vermeer", "Meridian", "Hartwig", "Clairval", "Osterhout",
    ]
    static let heldOutStems = 24
    static let trades = [
        "Medizintechnik", "Labs", "Billing", "Supplies", "Praxisbedarf", "Diagnostics", "Office", "Pharma", "Hosting", "Software",
        "Logistik", "Consulting", "Energie", "Druck", "Telecom", "Systems", "Services", "Handel", "Media", "Retail",
    ]
    static let legalForms = [
        "de": ["GmbH", "AG", "KG", "GmbH & Co. KG", "UG"], "en": ["Ltd", "LLC", "Inc.", "Corp.", "Limited", "PLC"],
        "fr": ["SAS", "SARL", "S.A."], "nl": ["B.V.", "N.V."],
    ]
    static let topLevels = ["de": ["de"], "en": ["com", "co.uk", "com"], "fr": ["fr", "com"], "nl": ["nl", "com"]]
    static let syllables = ["ka", "vo", "ri", "ne", "to", "lu", "zen", "mar", "ix", "on", "ta", "ro", "vi", "sa", "bel", "dor"]

    static func random(language: String, heldOut: Bool, _ random: inout SampleRandom) -> CompanyName {
        let stems = heldOut ? Array(Self.stems[heldOutStems...]) : Array(Self.stems[..<heldOutStems])
        let form = random.pick(legalForms[language] ?? legalForms["en"]!)
        let top = random.pick(topLevels[language] ?? topLevels["en"]!)
        let style = random.int(0...19)
        if style >= 17 {
            // A coined brand ("Vorizen"), sometimes written as its own domain ("vorizen.com").
            let word = (0..<random.int(2...3)).map { _ in random.pick(syllables) }.joined()
            let brand = word.prefix(1).uppercased() + word.dropFirst()
            if style == 19 { return CompanyName(name: word + "." + top, domain: word + "." + top) }
            return CompanyName(name: style == 18 ? "\(brand) \(form)" : brand, domain: word + "." + top)
        }
        let stem = random.pick(stems), trade = random.pick(trades)
        let key = ascii(stem)
        switch style {
        case 0..<9:
            let domain = random.int(0...1) == 0 ? key : key + "-" + ascii(trade)
            return CompanyName(name: "\(stem) \(trade) \(form)", domain: domain + "." + top)
        case 9..<13: return CompanyName(name: "\(stem) \(form)", domain: key + "." + top)
        case 13..<15: return CompanyName(name: "\(stem)\(trade) \(form)", domain: key + ascii(trade) + "." + top)
        default: return CompanyName(name: "\(stem) \(trade)", domain: key + ascii(trade) + "." + top)
        }
    }

    /// Lowercased, with umlauts spelled out as domains write them.
    static func ascii(_ word: String) -> String {
        word.lowercased().replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
            .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
            .folding(options: .diacriticInsensitive, locale: nil).filter { $0.isLetter || $0.isNumber || $0 == "-" }
    }
}
