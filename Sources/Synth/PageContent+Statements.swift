import Foundation

/// American account statements. The European statement the synth writes otherwise names an
/// IBAN and a handful of transfers; a checking account statement from a US bank names a masked
/// account number (its `account_number`: there is no IBAN), sums deposits and withdrawals
/// between a beginning and an ending balance and lists checks and card purchases, and a credit
/// card statement adds a minimum payment, a due date and a credit limit. The type head had seen
/// neither: a real card statement came out a receipt at 0.44. Used for English training pages
/// only, so held-out pages stay as they were.
extension PageContent {
    static let usBanks = ["Riverbend National Bank", "Summit Federal Credit Union", "First Prairie Bank",
                          "Lakeshore Trust Company", "Cascade Community Bank", "Redwood Savings & Loan"]
    static let checkingTitles = ["Checking Account Statement", "Account Statement", "Your Monthly Statement", "Statement of Account"]
    static let cardTitles = ["Credit Card Statement", "Card Account Statement", "Visa Signature Statement", "Mastercard Statement"]
    /// A card's balances: what was owed at the last statement, and what is owed now.
    static let cardOpenings = ["Previous balance", "Previous statement balance", "Balance from last statement", "Last statement balance"]
    static let cardClosings = ["New balance", "Statement balance", "Total amount due", "New balance total"]
    static let checkingMoves = ["ACH Deposit PAYROLL", "Check #NNNN", "ATM Withdrawal", "Online Transfer to Savings", "Zelle Payment",
                                "Debit Card Purchase GROCERY MART", "Mobile Deposit", "Service Fee"]
    /// A card's purchases name the shops they were made in, as a till receipt does: a real card
    /// statement listing cafes and markets came out a receipt once the type head had seen till
    /// strips, so the card statements it learns from list such shops too, and many of them.
    static let cardMoves = ["PAYMENT - THANK YOU", "COFFEE CORNER", "CITY TRANSIT", "ONLINE MARKETPLACE", "FUEL STATION 0412",
                            "PHARMACY 2231", "STREAMING SERVICE", "INTEREST CHARGE ON PURCHASES", "MORNING BAKERY", "GREEN VALLEY MARKET",
                            "SUNSET DINER", "METRO CAB CO.", "CORNER BOOKSHOP", "FRESH FOODS 118", "AIRLINE TICKET 0172",
                            "HARBOR HOTEL", "PIZZA EXPRESS", "HOME & GARDEN STORE", "ANNUAL FEE", "LATE FEE"]

    mutating func fillUSStatement() {
        let card = random.int(0...1) == 0
        header = [FormSamples.Entry(field: nil, label: nil, printed: random.pick(Self.usBanks), value: "")]
        title = random.pick(card ? Self.cardTitles : Self.checkingTitles)
        let holder = random.int(0...1) == 0 ? person() : company().name
        let last4 = random.digits(4)
        let account = random.pick(["XXXX-XXXX-XXXX-\(last4)", "****\(last4)", "\(random.digits(6))\(last4)"])
        let opening = random.int(0...900_000)
        let moves = (0..<random.int(card ? 6...16 : 3...9)).map { _ in card ? random.int(-60_000 ... -300) : random.int(-150_000...150_000) }
        let closing = card ? opening - moves.reduce(0, +) : opening + moves.reduce(0, +)
        func usd(_ field: String?, _ label: String, _ cents: Int) -> FormSamples.Entry {
            FormSamples.Entry(field: field, label: label, printed: PrintedValues.money(cents, currency: "USD", language: "en", symbolFirst: true),
                              value: field == nil ? "" : SampleRandom.money(cents))
        }
        addressBlock = [FormSamples.Entry(field: "account_holder", label: nil, printed: holder, value: holder)]
            + address().map { FormSamples.Entry(field: nil, label: nil, printed: $0, value: "") }
        let accountLabel = random.pick(card ? ["Account ending in", "Card number", "Account number"]
                                            : ["Account number", "Account No.", "Account #", "Primary account"])
        entries = [FormSamples.Entry(field: "account_number", label: accountLabel, printed: account, value: account),
                   date("statement_date"),
                   usd("opening_balance", random.pick(card ? Self.cardOpenings : ["Beginning balance", "Balance forward"]), opening)]
        if card {
            entries += [usd(nil, "Credit limit", random.int(5...50) * 100_000), usd(nil, "Minimum payment due", max(2_500, closing / 40))]
            entries.append(date("due_date"))
            entries[entries.count - 1].field = nil
            entries[entries.count - 1].label = "Payment due date"
        } else {
            let deposits = moves.filter { $0 > 0 }.reduce(0, +), withdrawals = -moves.filter { $0 < 0 }.reduce(0, +)
            entries += [usd(nil, "Deposits and additions", deposits), usd(nil, "Withdrawals and subtractions", withdrawals)]
        }
        tableHeader = ["Date", "Description", "Amount", "Balance"]
        var balance = opening
        table = moves.map { move in
            balance += card ? -move : move
            let description = random.pick(card ? Self.cardMoves : Self.checkingMoves).replacingOccurrences(of: "NNNN", with: random.digits(4))
            return [PrintedValues.date(random.date(year: 2026).iso, language: "en", style: 0), description,
                    PrintedValues.amount(card ? -move : move, language: "en"), PrintedValues.amount(balance, language: "en")]
        }
        footer = [usd("closing_balance", random.pick(card ? Self.cardClosings : ["Ending balance", "Closing balance"]), closing)]
        balancesAsTableRows(columns: 4, amountColumn: 3)
        entries.append(FormSamples.Entry(field: "currency", label: nil, printed: "", value: "USD"))
        pageFooter = [random.pick(["Member FDIC", "Equal Housing Lender · Member FDIC", "Federally insured by NCUA"]),
                      "Customer service 1-800-\(random.digits(3))-\(random.digits(4))"]
    }

    /// Many statements print the balances as the transaction table's first and last rows
    /// ("BALANCE BROUGHT FORWARD", "LAST MONTH'S BALANCE") rather than in a box of their own: a
    /// real card statement's opening balance was then a purchase in the row under it. Moves the
    /// labelled opening and closing balances into the table, half the time, on training pages.
    /// `amountColumn`: where the amount goes in a row of `columns` cells.
    mutating func balancesAsTableRows(columns: Int, amountColumn: Int) {
        guard !heldOut, random.int(0...1) == 0,
              let opening = entries.firstIndex(where: { $0.field == "opening_balance" }),
              let closing = footer.firstIndex(where: { $0.field == "closing_balance" }) else { return }
        let words = Self.tableBalanceWords[language == "de" ? "de" : "en"]!
        func row(_ description: String, _ printed: String) -> [String] {
            var cells = [String](repeating: "", count: columns)
            cells[1] = random.int(0...1) == 0 ? description.uppercased() : description
            cells[amountColumn] = printed
            return cells
        }
        table.insert(row(random.pick(words.opening), entries[opening].printed), at: 0)
        table.append(row(random.pick(words.closing), footer[closing].printed))
        entries[opening].label = nil
        footer[closing].label = nil
    }

    static let tableBalanceWords: [String: (opening: [String], closing: [String])] = [
        "en": (["Balance brought forward", "Last month's balance", "Previous balance", "Opening balance", "Balance forward"],
               ["Balance carried forward", "Closing balance", "New balance", "Ending balance"]),
        "de": (["Saldovortrag", "Alter Kontostand", "Anfangssaldo", "Kontostand am Monatsanfang"],
               ["Neuer Kontostand", "Endsaldo", "Saldo neu", "Kontostand am Monatsende"]),
    ]
}
