import Foundation
import Parsing

/// Picks one value per field from the heads' scores, then checks the document's constraints.
enum FieldDecoder {
    typealias Ranked = [(index: Int, p: Float)]

    static func decode(_ encoded: EncodedLayout, schema: ResultSchema, heads: [String: LinearHead],
                       temperature: Float = 1, shift: Float = 0, margin: Float = 0,
                       groupShift: [String: Float] = [:]) -> (fields: [(String, ExtractedField)], reasons: [String], ranked: [String: Ranked]) {
        let layout = encoded.layout
        var features: [Int: [Float]] = [:]
        func featuresOf(_ i: Int) -> [Float] {
            if let hit = features[i] { return hit }
            let f = encoded.features(i)
            features[i] = f
            return f
        }
        // Each field's candidates, best first by the head's score (what the joint decisions
        // weigh), and each one's confidence, which also weighs how far it leads the best other
        // value: negative for all but the leader, so a decision that overrules the head says so.
        var ranked: [String: Ranked] = [:]
        var scoredByField: [String: [(index: Int, d: Float, value: String)]] = [:]
        for rule in schema.fields {
            guard let head = heads[rule.name] else { continue }
            let scored = scores(layout, rule, head, features: featuresOf)
            ranked[rule.name] = scored.map { (index: $0.index, p: HeadSet.scaled($0.d, temperature: temperature, shift: shift)) }
                .sorted { $0.p > $1.p }
            scoredByField[rule.name] = scored
        }
        // `summed`: the amount is one of a subtotal, tax and total that add up, which the
        // calibration weighs as its own kind of field.
        // `taken`: phrases and dates other fields chose. Such a value is no rival: when the
        // vendor's best rival is the name the customer field took, the vendor leads the rest.
        func confidence(_ rule: ResultSchema.FieldRule, _ index: Int, summed: Bool = false, taken: Set<Int> = []) -> Float? {
            // Only the chosen values need a confidence, so leads and shares are worked out here.
            guard let scored = scoredByField[rule.name], let candidate = scored.first(where: { $0.index == index }) else { return nil }
            let lead = lead(of: candidate.d, value: candidate.value, among: scored, taken: taken)
            let odds = valueLogOdds(of: candidate.value, among: scored, taken: taken)
            let group = calibrationGroup(rule) + (summed ? summedSuffix : "")
            return HeadSet.scaled(odds, temperature: temperature, shift: shift + (groupShift[group] ?? 0), margin: margin, lead: lead)
        }
        var choice: [String: (index: Int, p: Float)] = [:]
        var used = Set<Int>()
        // A printed phrase or date fills one field only (an invoice date is not also the due
        // date); amounts may fill several (no tax: subtotal = total). The most confident field
        // chooses first.
        func exclusive(_ index: Int) -> Bool { [.phrase, .date].contains(layout.candidates[index].kind) }
        let order = schema.fields.map(\.name).sorted { (ranked[$0]?.first?.p ?? 0) > (ranked[$1]?.first?.p ?? 0) }
        for name in order {
            guard let rule = schema.rule(name), let best = ranked[name]?.first(where: { !exclusive($0.index) || !used.contains($0.index) }),
                  rule.shape != .identifier || best.p >= identifierFloor,
                  (confidence(rule, best.index, taken: used) ?? 0) >= 0.5 else { continue }
            choice[name] = best
            if exclusive(best.index) { used.insert(best.index) }
        }
        jointAmounts(&choice, ranked: ranked, layout: layout)
        dropImplausibleTax(&choice, layout: layout)
        jointDates(&choice, ranked: ranked, layout: layout)
        var amountsAgree: Bool?
        var subtotalUnverified = false
        if let s = choice["subtotal_amount"], let g = choice["total_amount"] {
            let agree = Self.amountsAgree(s.index, choice["tax_amount"]?.index, g.index, layout: layout)
            // With no tax found, a subtotal must be the total (or differ by printed charges);
            // otherwise it is a line item or the tax went unseen, and only the subtotal is in doubt.
            if choice["tax_amount"] == nil { subtotalUnverified = !agree } else { amountsAgree = agree }
        }

        var fields: [(String, ExtractedField)] = []
        for rule in schema.fields {
            guard let chosen = choice[rule.name] else { continue }
            let c = layout.candidates[rolePrinting(of: chosen.index, rule, scoredByField[rule.name] ?? [], layout: layout)]
            var value: JSONValue = rule.kind == .number || rule.kind == .integer ? .number(c.value) : .string(c.value)
            if rule.kind == .integer, Int(c.value) == nil { value = .string(c.value) }
            let summed = amountsAgree == true && summedAmounts.contains(rule.name)
            var others = Set(choice.filter { $0.key != rule.name && exclusive($0.value.index) }.map(\.value.index))
            if rule.shape == .name { others.formUnion(partyPrintings(takenBy: choice, besides: rule.name, schema: schema, layout: layout)) }
            if summed { others.formUnion(summedPartners(of: rule.name, chosen: choice.mapValues(\.index), layout: layout)) }
            var p = confidence(rule, chosen.index, summed: summed, taken: others) ?? chosen.p
            if subtotalUnverified && rule.name == "subtotal_amount" { p = min(p, unverifiedConfidence) }
            fields.append((rule.name, ExtractedField(value: value, confidence: Double(p), page: c.page, bbox: c.bbox,
                                                     sourceText: c.text, decidedBy: .head)))
        }
        if schema.rule("currency") != nil, let currency = currency(layout, fields) {
            fields.append(("currency", ExtractedField(value: .string(currency.code), confidence: currency.confidence, decidedBy: .head)))
        }
        let reasons = constraints(&fields, amountsAgree: amountsAgree)
        return (fields, reasons, ranked)
    }

    /// The printing of a chosen party that its role's label names ("Sold By : WS Retail
    /// Services Pvt. Ltd.,"), when the head scored another printing of the same party higher
    /// (the registered office's "WS Retail Services Private Limited"): the page says who the
    /// seller is there, and a reader copies that printing. The confidence stays the party's.
    static func rolePrinting(of index: Int, _ rule: ResultSchema.FieldRule, _ scored: [(index: Int, d: Float, value: String)],
                             layout: DocumentLayout) -> Int {
        guard rule.shape == .name, let role = roleLabels[rule.name],
              let party = scored.first(where: { $0.index == index })?.value else { return index }
        func labelled(_ i: Int) -> Bool { LabelGlossary.glosses(of: layout.candidates[i].label).contains(role) }
        if labelled(index) { return index }
        if let named = scored.filter({ $0.value == party && labelled($0.index) }).max(by: { $0.d < $1.d }) { return named.index }
        return issuerFields.contains(rule.name) ? prominentPrinting(of: index, party: party, scored, layout: layout) : index
    }

    /// The issuer's printing in the largest type, when it is a fifth larger than the one the
    /// head scored best: the name a letterhead or title shows ("Amazon Web Services" over its
    /// invoice) rather than the register line's ("Amazon Web Services, Inc." in the footer).
    static func prominentPrinting(of index: Int, party: String, _ scored: [(index: Int, d: Float, value: String)],
                                  layout: DocumentLayout) -> Int {
        let size = { (i: Int) in layout.candidates[i].fontSize }
        // Of printings in one size, the head's best: a title line's run ("Amazon Web Services
        // Invoice") and the name without the title are one party in one size.
        guard let largest = scored.filter({ $0.value == party }).max(by: { (size($0.index), $0.d) < (size($1.index), $1.d) }),
              size(largest.index) >= size(index) * 1.2 else { return index }
        return largest.index
    }

    /// Fields naming the document's issuer, whose letterhead prints its name largest.
    static let issuerFields: Set<String> = ["vendor_name", "merchant_name"]

    /// Every printing of the parties other name fields chose: the vendor's registered-office line
    /// is no rival of the customer once the vendor field took the vendor (Flipkart's customer
    /// weighed against two other printings of its seller's name).
    static func partyPrintings(takenBy choice: [String: (index: Int, p: Float)], besides field: String, schema: ResultSchema,
                               layout: DocumentLayout) -> Set<Int> {
        var parties = Set(choice.filter { $0.key != field && schema.rule($0.key)?.shape == .name }
            .map { ValueShape.partyKey(layout.candidates[$0.value.index].value) })
        // Two fields may name one party (a transfer between one holder's accounts): its own
        // printings stay the field's.
        if let own = choice[field] { parties.remove(ValueShape.partyKey(layout.candidates[own.index].value)) }
        guard !parties.isEmpty else { return [] }
        return Set(layout.candidates.indices.filter {
            layout.candidates[$0].kind == .phrase && parties.contains(ValueShape.partyKey(layout.candidates[$0].value))
        })
    }

    /// What the label beside a party's name says when it names the field's role.
    static let roleLabels = ["vendor_name": "seller", "customer_name": "customer billed"]

    /// The head score an identifier needs to be extracted at all. Identifiers are right so
    /// often on generated documents that their calibration lifts them a long way (+2.0 in
    /// log-odds for the committed heads), and a lone weak candidate left over when the others
    /// are taken came out confident: a deposit code at head score 0.20 as Envato's purchase
    /// order at 0.96, a page mark "1/1" at 0.17. No right identifier in the held-out or real
    /// sets scores under 0.27.
    static let identifierFloor: Float = 0.25

    /// The candidates a field admits, with the head's log-odds for each and the value it stands
    /// for in the shares and leads (a name's party, `ValueShape.partyKey`: "Amazon Web Services"
    /// and "Amazon Web Services, Inc." are one vendor, not rivals); the decoder and the
    /// calibration fit score candidates through this one path.
    static func scores(_ layout: DocumentLayout, _ rule: ResultSchema.FieldRule, _ head: LinearHead,
                       features: (Int) -> [Float]) -> [(index: Int, d: Float, value: String)] {
        let kinds = FieldRouting.kinds(for: rule)
        let sameValue: (String) -> String = rule.shape == .name ? ValueShape.partyKey : { $0 }
        let scored = layout.candidates.indices.filter { FieldRouting.admits(layout.candidates[$0], rule, kinds: kinds) }
            .map { (index: $0, d: head.logOdds(features($0)), value: sameValue(layout.candidates[$0].value)) }
        guard rule.shape == .name else { return scored }
        let parties = ValueShape.mentionedParties(scored.map { layout.candidates[$0.index].value })
        return scored.map { (index: $0.index, d: $0.d, value: parties[$0.value] ?? $0.value) }
    }

    /// In a subtotal, tax and total that add up, the other two amounts are no rivals of the
    /// third: free's "Total facture 24,99" is the net amount, and with 24.99 + 5.00 = 29.99 the
    /// total's head score of 0.96 for 29.99 stands against the rest of the page, not against the
    /// subtotal's 24.99 (which it had weighed as the leader). Every printing of those values
    /// counts as taken, except of the field's own value (no tax: subtotal = total).
    /// `chosen`: field → the index of its chosen candidate.
    static func summedPartners(of name: String, chosen: [String: Int], layout: DocumentLayout) -> Set<Int> {
        guard let own = chosen[name].map({ layout.candidates[$0].value }) else { return [] }
        let partnerValues = Set(summedAmounts.subtracting([name]).compactMap { chosen[$0].map { layout.candidates[$0].value } })
            .subtracting([own])
        return Set(layout.candidates.indices.filter { layout.candidates[$0].kind == .amount && partnerValues.contains(layout.candidates[$0].value) })
    }

    /// The amounts that must add up, and the calibration group suffix of ones that do.
    static let summedAmounts: Set<String> = ["subtotal_amount", "tax_amount", "total_amount"]
    static let summedSuffix = "/sum"

    /// The kind of field whose confidence is corrected together: its type and shape
    /// ("date", "number/money", "string/name", "string/identifier", "string").
    static func calibrationGroup(_ rule: ResultSchema.FieldRule) -> String {
        let kind: String
        switch rule.kind {
        case .date: return "date"
        case .number, .integer: kind = "number"
        default: kind = "string"
        }
        return rule.shape.map { "\(kind)/\($0.rawValue)" } ?? kind
    }

    /// log(p / (1 − p)) of a value among the document's candidates: each candidate's head
    /// log-odds d weigh e^d against the others no other field took (`taken`) and against "none"
    /// (weight e^0), so p = Σ e^d over the candidates printing the value / (1 + Σ e^d over all).
    /// A head judges each candidate alone; a name on a layout nobody generated scores low
    /// however clearly it beats the rest of the page, and this share says how clearly it does.
    static func valueLogOdds(of value: String, among scored: [(index: Int, d: Float, value: String)], taken: Set<Int> = []) -> Float {
        let open = scored.filter { !taken.contains($0.index) }
        func logSumExp(_ xs: [Float]) -> Float {
            guard let top = xs.max() else { return -.infinity }
            return top + Foundation.log(xs.reduce(0) { $0 + Foundation.exp($1 - top) })
        }
        let mine = logSumExp(open.filter { $0.value == value }.map(\.d))
        let rest = logSumExp([0] + open.filter { $0.value != value }.map(\.d))
        return max(min(mine - rest, 30), -30)
    }

    /// The lead over the candidates no other field took (`taken`).
    static func lead(of d: Float, value: String, among scored: [(index: Int, d: Float, value: String)], taken: Set<Int>) -> Float {
        lead(of: d, value: value, among: scored.filter { !taken.contains($0.index) }.map { (d: $0.d, value: $0.value) })
    }

    /// How far a value's log-odds lead the best candidate with another value (the same value
    /// printed twice is no rival); `HeadSet.marginLimit` when there is no other value.
    static func lead(of d: Float, value: String, among scored: [(d: Float, value: String)]) -> Float {
        guard let rival = scored.filter({ $0.value != value }).map(\.d).max() else { return HeadSet.marginLimit }
        return d - rival
    }

    /// subtotal + tax = total: when the individually best amounts disagree, take the most
    /// probable combination of each field's top candidates that agrees, if there is one.
    static func jointAmounts(_ choice: inout [String: (index: Int, p: Float)], ranked: [String: Ranked], layout: DocumentLayout) {
        guard let subtotals = ranked["subtotal_amount"], let taxes = ranked["tax_amount"], let totals = ranked["total_amount"] else { return }
        func agrees(_ s: Int, _ t: Int, _ g: Int) -> Bool { amountsAgree(s, t, g, layout: layout) }
        if let s = choice["subtotal_amount"], let t = choice["tax_amount"], let g = choice["total_amount"], agrees(s.index, t.index, g.index) { return }
        // The five best taxes and totals, and any subtotal at all: a net amount often sits on an
        // unlabelled line, and an exact sum is strong evidence by itself.
        var best: (s: (index: Int, p: Float), t: (index: Int, p: Float), g: (index: Int, p: Float), score: Float)?
        // The total must be printed as money: 1 + 2 = 3 among quantities agrees just as exactly.
        for t in taxes.prefix(5) { for g in totals.prefix(5) where layout.candidates[g.index].looksLikeMoney {
            for s in subtotals where agrees(s.index, t.index, g.index) {
                let score = max(s.p, 0.05) * t.p * g.p
                if score > (best?.score ?? 0) { best = (s, t, g, score) }
            }
        } }
        // Agreement by chance is rare, so even a modest joint score beats three confident guesses that disagree.
        guard let best, best.score > 1e-4 else { return }
        choice["subtotal_amount"] = best.s
        choice["tax_amount"] = best.t
        choice["total_amount"] = best.g
    }

    /// No tax is more than a quarter of the gross total (the highest VAT and GST rates, 27-28%,
    /// are 22% of it): such a "tax" is a fee in the terms or a line item, as QualityHosting's
    /// "Entgeld von 15,00 EUR" for a returned debit beside a total of 34.73. It is dropped
    /// rather than checked against the total, which would send a right total to review with it.
    static func dropImplausibleTax(_ choice: inout [String: (index: Int, p: Float)], layout: DocumentLayout) {
        guard let t = choice["tax_amount"], let g = choice["total_amount"],
              let tax = Decimal(string: layout.candidates[t.index].value),
              let total = Decimal(string: layout.candidates[g.index].value), total > 0 else { return }
        if tax > total * maximumTaxShare { choice["tax_amount"] = nil }
    }

    static let maximumTaxShare: Decimal = 0.25

    /// The confidence a value in doubt keeps at most: under every review threshold, so an
    /// optional field is withheld and a required one sends the document to review.
    static let unverifiedConfidence: Float = 0.5

    /// The due date is not before the invoice date: when the best due date is earlier (an order
    /// or delivery date), take the best later one the head still finds likely, else none. The
    /// invoice date stands: it is labelled on nearly every invoice, a due date on far fewer.
    static func jointDates(_ choice: inout [String: (index: Int, p: Float)], ranked: [String: Ranked], layout: DocumentLayout) {
        guard let issued = choice["invoice_date"], let due = choice["due_date"] else { return }
        let issuedOn = layout.candidates[issued.index].value
        guard layout.candidates[due.index].value < issuedOn else { return }
        choice["due_date"] = ranked["due_date"]?.first { other in
            other.index != issued.index && other.p >= 0.5 && layout.candidates[other.index].value >= issuedOn
        }
    }

    /// subtotal + tax = total, either alone or with the charges printed between them and the
    /// total: shipping, a fee, the tax on shipping ("Versandkosten netto 4,99 €", "Versandkosten
    /// USt. 19,00% auf 4,99 € 0,95 €"). Each such line adds its rightmost money amount.
    /// `t` nil: no tax was found, so the subtotal alone must make up the total.
    static func amountsAgree(_ s: Int, _ t: Int?, _ g: Int, layout: DocumentLayout) -> Bool {
        let candidates = layout.candidates
        func amount(_ i: Int?) -> Decimal { i.flatMap { Decimal(string: candidates[$0].value) } ?? 0 }
        func near(_ gap: Decimal) -> Bool { gap <= 0.011 && gap >= -0.011 }
        let gap = amount(g) - amount(s) - amount(t)
        if near(gap) { return true }
        let top = min(candidates[s].line, t.map { candidates[$0].line } ?? Int.max), bottom = candidates[g].line
        // Only a short run of lines, and only when what is missing is a charge, not a discount.
        guard gap > 0, top + 1 < bottom, bottom - top <= 8 else { return false }
        var charges: Decimal = 0
        for line in (top + 1)..<bottom where line != candidates[s].line && line != t.map({ candidates[$0].line }) {
            let rightmost = candidates.filter { $0.line == line && $0.looksLikeMoney }.max { $0.bbox[0] < $1.bbox[0] }
            charges += rightmost.flatMap { Decimal(string: $0.value) } ?? 0
        }
        return charges > 0 && near(gap - charges)
    }

    /// The currency printed beside the chosen amounts, else the most common one on the page.
    static func currency(_ layout: DocumentLayout, _ fields: [(String, ExtractedField)]) -> (code: String, confidence: Double)? {
        let chosen = Set(fields.compactMap { $0.1.bbox.map { "\($0)" } })
        let near = layout.candidates.filter { $0.kind == .amount && chosen.contains("\($0.bbox)") }.compactMap(\.currency)
        if let code = near.first { return (code, 0.95) }
        var all = layout.candidates.compactMap(\.currency)
        // No amount has one beside it ("Beträge in EUR" in a heading, "Preis/Einh €" over a column):
        // the codes and symbols printed anywhere on the pages.
        if all.isEmpty { all = layout.lines.flatMap { line in line.words.compactMap { AmountRecognizer.currencyCode(ofWord: $0.text) } } }
        guard !all.isEmpty else { return nil }
        let counts = Dictionary(grouping: all, by: { $0 }).mapValues(\.count)
        let top = counts.max { $0.value < $1.value }!
        return (top.key, Double(top.value) / Double(all.count) * 0.9)
    }

    /// subtotal + tax ≈ total; due date not before the invoice date. A broken constraint lowers
    /// the confidence of the fields involved, which sends the result to review.
    static func constraints(_ fields: inout [(String, ExtractedField)], amountsAgree: Bool?) -> [String] {
        func text(_ name: String) -> String? { fields.first { $0.0 == name }?.1.value.stringValue }
        func lower(_ names: [String]) {
            for i in fields.indices where names.contains(fields[i].0) { fields[i].1.confidence = min(fields[i].1.confidence, Double(unverifiedConfidence)) }
        }
        var reasons: [String] = []
        if amountsAgree == false { reasons.append("amounts_disagree"); lower(["subtotal_amount", "tax_amount", "total_amount"]) }
        if let issued = text("invoice_date"), let due = text("due_date"), due < issued {
            reasons.append("due_before_issue"); lower(["invoice_date", "due_date"])
        }
        return reasons
    }
}
