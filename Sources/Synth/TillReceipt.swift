import Foundation

/// Till receipts as shop printers make them: a strip of paper 80 or 58 mm wide, the shop's name
/// centred at the top over its address, the date and time, one line per item with its price
/// right-aligned, the total (often bold), the tax, how it was paid and a thank-you. The A4 forms
/// every other type is drawn as taught the heads nothing about such strips: a till receipt
/// photographed and read by OCR came out an invoice, or a receipt with no total.
struct TillReceipt {
    var merchant: String
    var address: [String]
    var dateLine: String
    /// Till, clerk or ticket lines under the date: a name or number beside a label that is no
    /// field ("Cashier: MIA", "Kasse 2  Bed. 14").
    var infoLines: [String]
    var items: [(name: String, price: String)]
    /// Subtotal, tax, total, payment, cash given and change, each label and printed value; the
    /// total is often bold.
    var totals: [(label: String, value: String, bold: Bool)]
    /// Lines after the totals: the card's masked number, the authorisation code, the item
    /// count, a tax table.
    var trailer: [String]
    var footer: String

    static let widths = [226.77, 164.41]  // 80 and 58 mm
    static let goods = ["en": ["MILK 1L", "BREAD", "COFFEE", "BANANAS", "TOOTHPASTE", "BATTERIES AA", "NEWSPAPER", "WATER 6X1.5L",
                               "PAIN RELIEF 16CT", "PARKING 2H", "SANDWICH", "APPLES 1KG"],
                        "de": ["VOLLMILCH 1L", "BROETCHEN", "KAFFEE", "BANANEN", "ZAHNPASTA", "BATTERIEN AA", "ZEITUNG", "WASSER 6X1,5L",
                               "IBUPROFEN 400", "PARKEN 2H", "BREZEL", "AEPFEL 1KG"],
                        "fr": ["LAIT 1L", "BAGUETTE", "CAFE", "BANANES", "DENTIFRICE", "PILES AA", "JOURNAL", "EAU 6X1,5L",
                               "PARACETAMOL", "PARKING 2H", "CROISSANT", "POMMES 1KG"],
                        "nl": ["MELK 1L", "BROOD", "KOFFIE", "BANANEN", "TANDPASTA", "BATTERIJEN AA", "KRANT", "WATER 6X1,5L",
                               "PARACETAMOL", "PARKEREN 2U", "BROODJE", "APPELS 1KG"]]
    static let thanks = ["en": ["THANK YOU FOR SHOPPING!", "Thank you, come again", "PLEASE KEEP YOUR RECEIPT"],
                         "de": ["Vielen Dank für Ihren Einkauf", "DANKE UND AUF WIEDERSEHEN"],
                         "fr": ["MERCI DE VOTRE VISITE", "A bientot"], "nl": ["Bedankt voor uw aankoop", "TOT ZIENS"]]
    static let totalLabels = ["en": ["TOTAL", "TOTAL DUE", "AMOUNT DUE", "BALANCE DUE"], "de": ["SUMME", "SUMME EUR", "GESAMT", "ZU ZAHLEN"],
                              "fr": ["TOTAL", "TOTAL TTC", "A PAYER", "MONTANT TTC"], "nl": ["TOTAAL", "TE BETALEN", "Totaal"]]
    static let cashWords = ["en": "CASH", "de": "BAR", "fr": "ESPECES", "nl": "CONTANT"]
    static let changeWords = ["en": "CHANGE", "de": "Rückgeld", "fr": "RENDU", "nl": "Wisselgeld"]
    static let authLabels = ["en": "AUTH CODE", "de": "Genehmigungs-Nr.", "fr": "AUTO", "nl": "Autorisatiecode"]
    static let includedWords = ["en": "INCLUDED", "de": "enthalten", "fr": "incluse", "nl": "inbegrepen"]
    static let itemCountLabels = ["en": "ITEMS", "de": "Anzahl Artikel", "fr": "NB ARTICLES", "nl": "Aantal artikelen"]
    static let clerks = ["Mia", "Karen", "Luc", "Sanne", "Jonas", "Ahmed", "Chloe", "Pieter", "Lena", "Tom"]
    /// '#' is a till or table number, NAME the clerk.
    static let tillInfo = ["en": ["Store 00# Lane # Cashier: NAME", "Till #  Served by: NAME", "Register # Op NAME"],
                           "de": ["Kasse #  Bed. NAME", "Kasse # Bediener: NAME", "Filiale 0# Kasse #"],
                           "fr": ["Caisse #  Caissier: NAME", "Table #  Serveur: NAME", "Caisse # Hote: NAME"],
                           "nl": ["Kassa #  Medewerker NAME", "Kassa # Bediend door NAME"]]
    static let numberLabels = ["en": "Receipt #", "de": "Bon-Nr.", "fr": "Ticket n°", "nl": "Bonnr."]
    static let subtotalLabels = ["en": ["SUBTOTAL", "Sub-total"], "de": ["ZWISCHENSUMME", "Zwischensumme"], "fr": ["SOUS-TOTAL", "Total HT"],
                                 "nl": ["SUBTOTAAL", "Subtotaal"]]

    /// Draws the receipt on a page as long as it needs; returns nothing, the fields are the
    /// page content's.
    func draw(on canvas: PDFCanvas, width: Double, narrowFont: Bool) {
        let margin = width > 200 ? 10.0 : 6.0
        let size = narrowFont ? 7.5 : 8.5
        var y = 24.0
        func centred(_ text: String, size: Double, bold: Bool = false) {
            canvas.text(text, x: max(margin, (width - canvas.width(of: text, size: size, bold: bold)) / 2), y: y, size: size, bold: bold)
            y += size + 4
        }
        // A line too long for a narrow strip is printed smaller, as tills condense it.
        func left(_ text: String) {
            canvas.text(text, x: margin, y: y, size: min(size, size * (width - 2 * margin) / max(1, canvas.width(of: text, size: size, bold: false))))
            y += size + 4
        }
        func row(_ left: String, _ right: String, bold: Bool = false) {
            canvas.text(left, x: margin, y: y, size: size, bold: bold)
            canvas.text(right, x: width - margin - canvas.width(of: right, size: size, bold: bold), y: y, size: size, bold: bold)
            y += size + 4
        }
        // A long name is printed smaller rather than off the strip.
        let nameSize = min(size + 3, (size + 3) * (width - 2 * margin) / max(1, canvas.width(of: merchant, size: size + 3, bold: true)))
        centred(merchant, size: nameSize, bold: true)
        for line in address { centred(line, size: size) }
        y += 6
        left(dateLine)
        for line in infoLines { left(line) }
        y += 6
        for item in items { row(item.name, item.price) }
        y += 4
        for total in totals { row(total.label, total.value, bold: total.bold) }
        y += 4
        for line in trailer { left(line) }
        y += 4
        centred(footer, size: size)
    }

    /// The page height the receipt needs.
    var height: Double {
        let lines: Int = 2 + address.count + infoLines.count + items.count + totals.count + trailer.count
        return 24 + 12 * Double(lines) + 60
    }
}

extension PageContent {
    /// Fills a till receipt: the same fields as the receipt form (merchant, date, total, tax,
    /// currency, payment method), laid out as a shop printer does.
    mutating func tillReceipt() -> (receipt: TillReceipt, fields: [String: String]) {
        let merchant = random.int(0...1) == 0 ? CompanyName.random(language: language, heldOut: heldOut, &random).name
            : random.pick(["Corner Pharmacy", "Bäckerei Sonne", "Café Lumière", "Green Grocer", "City Parking", "FreshMart",
                           "Apotheke am Markt", "Boulangerie Martin", "Albert Heijn 1042", "QuickStop 24", "Buchhandlung Lange",
                           "Tabac de la Gare", "Drogisterij Kruidvat", "Harbor Hardware"])
        let address = Array(self.address().prefix(random.int(1...2)))
        let currency = language == "en" ? random.pick(["USD", "GBP", "EUR"]) : "EUR"
        let symbolFirst = random.int(0...1) == 0
        let when = date("receipt_date")
        let time = String(format: "%02d:%02d", random.int(7...21), random.int(0...59))
        let dateLine = random.pick(["\(when.label ?? "") \(when.printed)  \(time)", "\(when.printed) \(time)",
                                    "\(when.printed)   \(TillReceipt.numberLabels[language] ?? "No.") \(random.digits(4))"])
        let goods = TillReceipt.goods[language] ?? TillReceipt.goods["en"]!
        var items: [(name: String, price: String)] = []
        var total = 0
        for _ in 0..<random.int(1...7) {
            let unit = random.int(49...2_999), quantity = random.int(0...3) == 0 ? random.int(2...4) : 1
            total += unit * quantity
            let name = random.pick(goods)
            switch (quantity, random.int(0...1)) {
            case (1, _): items.append((name, PrintedValues.amount(unit, language: language)))
            case (_, 0): items.append(("\(quantity) x \(name)", PrintedValues.amount(unit * quantity, language: language)))
            default:  // the quantity on a line of its own under the item, as many supermarket tills print it
                items.append((name, PrintedValues.amount(unit * quantity, language: language)))
                items.append(("  \(quantity) @ \(PrintedValues.amount(unit, language: language))", ""))
            }
        }
        let rate = random.pick([7, 19, 20, 21, 10, 9, 0])
        let tax = total * rate / (100 + rate)
        let totalEntry = money("total_amount", cents: total, currency: currency, symbolFirst: symbolFirst)
        let taxEntry = money("tax_amount", cents: tax, currency: currency, symbolFirst: symbolFirst)
        let cash = TillReceipt.cashWords[language] ?? "CASH"
        let method = random.pick([cash, cash, "VISA", "Mastercard", "Girocard", "CB", "Maestro", "AMEX", "Contactless", "PIN"])
        var totals: [(label: String, value: String, bold: Bool)] = []
        if random.int(0...1) == 0 {
            totals.append((random.pick(TillReceipt.subtotalLabels[language] ?? TillReceipt.subtotalLabels["en"]!),
                           PrintedValues.amount(total - tax, language: language), false))
        }
        // The tax sits above the total, below it ("VAT 20% INCLUDED"), or only in a tax table
        // after the payment, where its net and gross amounts stand beside it.
        let taxPlace = random.int(0...2)
        let taxLine = ("\(taxEntry.label ?? "TAX") \(rate)%", taxEntry.printed, false)
        if taxPlace == 0 { totals.append(taxLine) }
        totals.append((random.pick(TillReceipt.totalLabels[language] ?? TillReceipt.totalLabels["en"]!), totalEntry.printed, random.int(0...2) > 0))
        // Most tills print the means of payment alone beside the amount paid; a label run into
        // the same line ("Paiement VISA") taught the head to take the label word for the method.
        var paidLine = random.int(0...3) == 0 ? "\(label("payment_method")): \(method)" : method
        if method != cash, random.int(0...2) == 0 { paidLine = "\(method) \(random.pick(["****", "XXXX", "************"]))\(random.pick(["", " "]))\(random.digits(4))" }
        var trailer: [String] = []
        if method == cash {
            // Cash handed over is rounded up and the change printed: two amounts that are not
            // the total, beside the payment word.
            let given = (total / 500 + 1 + random.int(0...3)) * 500
            totals.append((paidLine, PrintedValues.amount(given, language: language), false))
            totals.append((TillReceipt.changeWords[language] ?? "CHANGE", PrintedValues.amount(given - total, language: language), false))
        } else {
            totals.append((paidLine, PrintedValues.amount(total, language: language), false))
            if random.int(0...1) == 0 { trailer.append(String(repeating: "*", count: random.pick([4, 12])) + " " + random.digits(4)) }
            if random.int(0...1) == 0 { trailer.append("\(TillReceipt.authLabels[language] ?? "AUTH CODE") \(random.digits(6))") }
        }
        if taxPlace == 1 { totals.append(("\(taxEntry.label ?? "TAX") \(rate)% \(TillReceipt.includedWords[language] ?? "INCL.")", taxEntry.printed, false)) }
        if taxPlace == 2 {
            trailer.append("\(taxEntry.label ?? "TAX") \(rate)%  \(PrintedValues.amount(total - tax, language: language))  \(taxEntry.printed)  \(PrintedValues.amount(total, language: language))")
        }
        if random.int(0...2) == 0 { trailer.append("\(TillReceipt.itemCountLabels[language] ?? "ITEMS") \(items.count)") }
        var infoLines: [String] = []
        if random.int(0...2) > 0 {
            let clerk = random.pick(TillReceipt.clerks)
            infoLines.append(random.pick(TillReceipt.tillInfo[language] ?? TillReceipt.tillInfo["en"]!)
                .replacingOccurrences(of: "#", with: String(random.int(1...12)))
                .replacingOccurrences(of: "NAME", with: random.int(0...1) == 0 ? clerk.uppercased() : clerk))
        }
        let receipt = TillReceipt(merchant: merchant, address: address, dateLine: dateLine, infoLines: infoLines, items: items,
                                  totals: totals, trailer: trailer,
                                  footer: random.pick(TillReceipt.thanks[language] ?? TillReceipt.thanks["en"]!))
        return (receipt, ["merchant_name": merchant, "receipt_date": when.value, "total_amount": totalEntry.value,
                          "tax_amount": taxEntry.value, "currency": currency, "payment_method": method])
    }
}
