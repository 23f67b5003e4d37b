import Foundation

/// ISO 20022 messages: bank statements and reports (camt.052/053/054), payment initiations
/// (pain.001 credit transfers, pain.008 direct debits) and interbank transfers (pacs.008).
/// The message definition comes from the namespace (`urn:iso:std:iso:20022:tech:xsd:camt.053.001.02`,
/// or a bank's variant such as `…pain.001.001.03.ch.02.xsd`), else from the message element.
enum ISO20022 {
    static let messageElements = [
        "BkToCstmrStmt": "camt.053", "BkToCstmrAcctRpt": "camt.052", "BkToCstmrDbtCdtNtfctn": "camt.054",
        "CstmrCdtTrfInitn": "pain.001", "CstmrDrctDbtInitn": "pain.008", "FIToFICstmrCdtTrf": "pacs.008",
    ]

    static func recognize(_ root: XMLElement) -> JSONValue? {
        guard root.name == "Document", let body = root.children.first, let family = messageElements[body.name] else { return nil }
        let message = messageName(from: root.namespace) ?? family
        var facts: [(String, JSONValue?)] = [("name", .string("iso20022")), ("message", .string(message))]
        let header = body.child("GrpHdr")
        facts.append(("message_id", Lift.string(header?.child("MsgId"))))
        facts.append(("created", Lift.string(header?.child("CreDtTm"))))
        switch family {
        case "camt.053", "camt.052", "camt.054":
            let itemName = family == "camt.053" ? "Stmt" : family == "camt.052" ? "Rpt" : "Ntfctn"
            facts.append(("statements", .array(body.children(itemName).map { statement($0, header: header) })))
        case "pain.001":
            facts.append(("initiating_party", Lift.string(header?.at("InitgPty", "Nm"))))
            facts.append(("transaction_count", Lift.integer(header?.child("NbOfTxs")?.text)))
            facts.append(("control_sum", Lift.amount(header?.child("CtrlSum")?.text)))
            facts.append(("payments", .array(creditTransfers(body))))
        case "pain.008":
            facts.append(("initiating_party", Lift.string(header?.at("InitgPty", "Nm"))))
            facts.append(("transaction_count", Lift.integer(header?.child("NbOfTxs")?.text)))
            facts.append(("payments", .array(directDebits(body))))
        default:  // pacs.008
            facts.append(("settlement_date", Lift.date(header?.child("IntrBkSttlmDt")?.text)))
            facts.append(("payments", .array(body.children("CdtTrfTxInf").map { interbank($0, header: header) })))
        }
        return .object(facts)
    }

    /// `camt.053.001.02` out of any namespace that spells it.
    /// Every XML document asks (this recognizer goes first), so the expression is compiled once
    /// and only namespaces that name a family are searched at all.
    static func messageName(from namespace: String?) -> String? {
        guard let namespace, ["camt.", "pain.", "pacs."].contains(where: namespace.contains) else { return nil }
        let whole = NSRange(namespace.startIndex..., in: namespace)
        guard let match = messagePattern.firstMatch(in: namespace, range: whole), let range = Range(match.range, in: namespace) else { return nil }
        return String(namespace[range])
    }

    private static let messagePattern = try! NSRegularExpression(pattern: #"(camt|pain|pacs)\.\d{3}\.\d{3}\.\d{2}(\.[a-z]{2}\.\d{2})?"#)

    // MARK: Statements

    static func statement(_ s: XMLElement, header: XMLElement?) -> JSONValue {
        let account = s.child("Acct")
        let balances = s.children("Bal").map(balance)
        func find(_ codes: [String]) -> JSONValue? {
            for code in codes { if let hit = balances.first(where: { $0["type"]?.stringValue == code }) { return hit } }
            return nil
        }
        let opening = find(["OPBD", "PRCD", "ITBD"])
        let closing = find(["CLBD", "CLAV", "ITBD"])
        let entries = s.children("Ntry")
        var credits: [String] = [], debits: [String] = []
        for entry in entries {
            guard let amount = entry.child("Amt")?.text else { continue }
            switch entry.child("CdtDbtInd")?.text {
            case "CRDT": credits.append(amount)
            case "DBIT": debits.append(amount)
            default: break
            }
        }
        let currency = account?.child("Ccy")?.text ?? s.child("Bal")?.child("Amt")?.attribute("Ccy")
        let created = s.child("CreDtTm")?.text ?? header?.child("CreDtTm")?.text
        return .object([
            ("id", Lift.string(s.child("Id"))),
            ("electronic_sequence", Lift.integer(s.child("ElctrncSeqNb")?.text)),
            ("created", Lift.string(created)),
            ("statement_date", Lift.date(created)),
            ("period_start", Lift.date(s.at("FrToDt", "FrDtTm")?.text)),
            ("period_end", Lift.date(s.at("FrToDt", "ToDtTm")?.text)),
            ("account_iban", Lift.string(account?.at("Id", "IBAN"))),
            ("account_id", Lift.string(account?.at("Id", "Othr", "Id"))),
            ("account_holder", Lift.string(account?.at("Ownr", "Nm"))),
            ("account_servicer_bic", Lift.string(account?.at("Svcr", "FinInstnId", "BIC") ?? account?.at("Svcr", "FinInstnId", "BICFI"))),
            ("currency", Lift.string(currency)),
            ("opening_balance", opening),
            ("closing_balance", closing),
            ("balances", .array(balances)),
            ("entry_count", .number(String(entries.count))),
            ("declared_entry_count", Lift.integer(s.at("TxsSummry", "TtlNtries", "NbOfNtries")?.text)),
            ("credit_sum", .number(Lift.sum(credits))),
            ("debit_sum", .number(Lift.sum(debits))),
            ("entries", .array(entries.map(entry))),
        ])
    }

    /// A balance with its sign applied: debit balances are negative.
    static func balance(_ b: XMLElement) -> JSONValue {
        let amount = b.child("Amt")
        let debit = b.child("CdtDbtInd")?.text == "DBIT"
        let raw = amount?.text ?? ""
        return .object([
            ("type", Lift.string(b.at("Tp", "CdOrPrtry", "Cd") ?? b.at("Tp", "CdOrPrtry", "Prtry"))),
            ("amount", Lift.amount(debit && !raw.hasPrefix("-") ? "-" + raw : raw)),
            ("currency", Lift.string(amount?.attribute("Ccy"))),
            ("credit_debit", Lift.string(b.child("CdtDbtInd"))),
            ("date", Lift.date(b.at("Dt", "Dt")?.text ?? b.at("Dt", "DtTm")?.text)),
        ])
    }

    static func entry(_ e: XMLElement) -> JSONValue {
        let details = e.at("NtryDtls", "TxDtls")
        let debit = e.child("CdtDbtInd")?.text == "DBIT"
        let counterparty = debit ? details?.at("RltdPties", "Cdtr", "Nm") ?? details?.at("RltdPties", "Cdtr", "Pty", "Nm")
                                 : details?.at("RltdPties", "Dbtr", "Nm") ?? details?.at("RltdPties", "Dbtr", "Pty", "Nm")
        return .object([
            ("amount", Lift.amount(e.child("Amt")?.text)),
            ("currency", Lift.string(e.child("Amt")?.attribute("Ccy"))),
            ("credit_debit", Lift.string(e.child("CdtDbtInd"))),
            ("booking_date", Lift.date(e.at("BookgDt", "Dt")?.text ?? e.at("BookgDt", "DtTm")?.text)),
            ("value_date", Lift.date(e.at("ValDt", "Dt")?.text ?? e.at("ValDt", "DtTm")?.text)),
            ("reference", Lift.string(e.child("AcctSvcrRef") ?? details?.at("Refs", "EndToEndId"))),
            ("counterparty", Lift.string(counterparty)),
            ("remittance", Lift.string(details?.at("RmtInf", "Ustrd") ?? e.child("AddtlNtryInf"))),
        ])
    }

    // MARK: Payments

    /// One item per transfer, with the debtor side from its payment block.
    static func creditTransfers(_ body: XMLElement) -> [JSONValue] {
        body.children("PmtInf").flatMap { block -> [JSONValue] in
            let execution = Lift.date(block.at("ReqdExctnDt", "Dt")?.text ?? block.child("ReqdExctnDt")?.text)
            return block.children("CdtTrfTxInf").map { tx in
                // An amount is instructed as such, or as the equivalent of an amount in another
                // currency (EqvtAmt: "1 CHF's worth, paid in EUR", with CcyOfTrf the currency paid).
                let amount = tx.at("Amt", "InstdAmt") ?? tx.at("Amt", "EqvtAmt", "Amt")
                return .object([
                    ("payment_information_id", Lift.string(block.child("PmtInfId"))),
                    ("debtor_name", Lift.string(block.at("Dbtr", "Nm"))),
                    ("debtor_iban", Lift.string(block.at("DbtrAcct", "Id", "IBAN"))),
                    ("debtor_account_id", Lift.string(block.at("DbtrAcct", "Id", "Othr", "Id"))),
                    ("debtor_bic", Lift.string(block.at("DbtrAgt", "FinInstnId", "BIC") ?? block.at("DbtrAgt", "FinInstnId", "BICFI"))),
                    ("creditor_name", Lift.string(tx.at("Cdtr", "Nm"))),
                    ("creditor_iban", Lift.string(tx.at("CdtrAcct", "Id", "IBAN"))),
                    ("creditor_account_id", Lift.string(tx.at("CdtrAcct", "Id", "Othr", "Id"))),
                    ("creditor_bic", Lift.string(tx.at("CdtrAgt", "FinInstnId", "BIC") ?? tx.at("CdtrAgt", "FinInstnId", "BICFI"))),
                    ("amount", Lift.amount(amount?.text)),
                    ("currency", Lift.string(amount?.attribute("Ccy"))),
                    ("transfer_currency", Lift.string(tx.at("Amt", "EqvtAmt", "CcyOfTrf"))),
                    ("execution_date", execution),
                    ("end_to_end_id", Lift.string(tx.at("PmtId", "EndToEndId"))),
                    ("remittance", Lift.string(tx.at("RmtInf", "Ustrd"))),
                ])
            }
        }
    }

    /// One item per collection, with the creditor side from its payment block.
    static func directDebits(_ body: XMLElement) -> [JSONValue] {
        body.children("PmtInf").flatMap { block -> [JSONValue] in
            let collection = Lift.date(block.child("ReqdColltnDt")?.text)
            return block.children("DrctDbtTxInf").map { tx in
                let amount = tx.child("InstdAmt")
                return .object([
                    ("payment_information_id", Lift.string(block.child("PmtInfId"))),
                    ("creditor_name", Lift.string(block.at("Cdtr", "Nm"))),
                    ("creditor_iban", Lift.string(block.at("CdtrAcct", "Id", "IBAN"))),
                    ("creditor_account_id", Lift.string(block.at("CdtrAcct", "Id", "Othr", "Id"))),
                    ("debtor_name", Lift.string(tx.at("Dbtr", "Nm"))),
                    ("debtor_iban", Lift.string(tx.at("DbtrAcct", "Id", "IBAN"))),
                    ("debtor_account_id", Lift.string(tx.at("DbtrAcct", "Id", "Othr", "Id"))),
                    ("amount", Lift.amount(amount?.text)),
                    ("currency", Lift.string(amount?.attribute("Ccy"))),
                    ("execution_date", collection),
                    ("end_to_end_id", Lift.string(tx.at("PmtId", "EndToEndId"))),
                    ("mandate_id", Lift.string(tx.at("DrctDbtTx", "MndtRltdInf", "MndtId"))),
                ])
            }
        }
    }

    static func interbank(_ tx: XMLElement, header: XMLElement?) -> JSONValue {
        let amount = tx.child("IntrBkSttlmAmt")
        return .object([
            ("debtor_name", Lift.string(tx.at("Dbtr", "Nm"))),
            ("debtor_iban", Lift.string(tx.at("DbtrAcct", "Id", "IBAN"))),
            ("creditor_name", Lift.string(tx.at("Cdtr", "Nm"))),
            ("creditor_iban", Lift.string(tx.at("CdtrAcct", "Id", "IBAN"))),
            ("amount", Lift.amount(amount?.text)),
            ("currency", Lift.string(amount?.attribute("Ccy"))),
            ("execution_date", Lift.date(tx.child("IntrBkSttlmDt")?.text ?? header?.child("IntrBkSttlmDt")?.text)),
            ("end_to_end_id", Lift.string(tx.at("PmtId", "EndToEndId"))),
        ])
    }
}
