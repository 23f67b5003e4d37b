import Foundation

/// Postal addresses as the countries invoices come from print them, and the blocks they sit
/// in: the window a letter is addressed through (a company or a person, sometimes with a
/// contact or a department under the company) and the issuer's own address under its
/// letterhead. Both the customer and the issuer then head a block of address lines, so the
/// heads have to tell them apart by where the block sits, what is printed around it and what
/// the name says.
extension PageContent {
    static let streets = ["Hauptstraße", "Market Street", "Rue de la Paix", "Kerkstraat", "Industrieweg", "Lindenallee",
                          "Harbor Road", "Avenue Victor Hugo", "Bahnhofstr.", "Station Lane", "Molenweg", "Elm St"]
    static let cities = ["Berlin", "Springfield", "Lyon", "Utrecht", "München", "Hamburg", "Leeds", "Toulouse", "Gent", "Graz"]
    static let departments = ["en": ["Accounts Payable", "Finance Department", "Purchasing"], "de": ["Buchhaltung", "Einkauf", "Kreditorenbuchhaltung"],
                              "fr": ["Service comptabilité", "Service achats"], "nl": ["Crediteurenadministratie", "Inkoop"]]
    static let countryLines = ["en": ["United Kingdom", "USA"], "de": ["Deutschland", "Österreich"], "fr": ["France", "FR"],
                               "nl": ["Nederland", "België"]]

    /// A street line and a postal code with city, in one of the national forms; `full` adds,
    /// now and then, a second street line or a country line.
    mutating func address(full: Bool = false) -> [String] {
        let street = random.pick(Self.streets), city = random.pick(Self.cities), number = random.int(1...120)
        var lines: [String]
        switch random.int(0...4) {
        case 0: lines = ["\(number) \(street)", "\(city), \(random.pick(["IL", "NY", "CA", "TX"])) \(random.digits(5))"]
        case 1: lines = ["\(number), \(street)", "F-\(random.digits(5)) \(city.uppercased())"]
        case 2: lines = ["\(street) \(number)", "\(random.digits(4)) \(random.pick(["AB", "KL", "ZT"])) \(city)"]
        default: lines = ["\(street) \(number)", "\(random.digits(5)) \(city)"]
        }
        guard full else { return lines }
        if random.int(0...4) == 0 { lines.insert(random.pick(["Suite \(random.int(100...900))", "Gebäude B", "2nd Floor", "BP \(random.int(10...99))"]), at: 1) }
        if random.int(0...2) == 0 { lines.append(random.pick(Self.countryLines[language] ?? Self.countryLines["en"]!)) }
        return lines
    }

    /// The lines of an address window: the customer's name first (a person one time in four),
    /// then, under two companies in three, a contact person (bare or after "z. Hd.", "Attn:")
    /// or a department, then the address.
    mutating func addressWindow(customer: String) -> (name: String, lines: [String]) {
        if random.int(0...3) == 0 {
            let name = person()
            return (name, address(full: true))
        }
        var under: [String] = []
        switch random.int(0...5) {
        case 0: under = ["\(Self.attention[language] ?? "Attn:") \(person())"]
        case 1, 2: under = [person()]
        case 3: under = [random.pick(Self.departments[language] ?? Self.departments["en"]!)]
        default: break
        }
        return (customer, under + address(full: true))
    }
}
