import Foundation

/// A generated document and what Docket must read from it (its first item's fields).
public struct GeneratedDocument: Sendable {
    public var fileName: String
    public var data: Data
    public var docType: String
    /// The item count a document with several items (statements, payments) must give.
    public var items: Int
    /// Expected fields of item 0, as text (numbers in plain decimal form).
    public var fields: [String: String]
}

/// XML documents in every standard Docket maps, with made-up parties (never real people), for
/// the sample inbox, the end-to-end benchmark and the structured-path tests. The same seed
/// gives the same bytes.
public enum XMLSamples {
    public static let kinds = ["ubl_invoice", "cii_invoice", "camt053", "pain001", "cda_ccd", "cda_lab", "fhir_patient",
                               "fhir_claim", "fhir_eob", "fhir_lab_bundle", "fhir_medication", "xbrl"]

    static let companies = ["Nordlicht Medizintechnik GmbH", "Aurora Labs B.V.", "Cedar Billing LLC", "Pinewood Supplies Ltd",
                            "Helios Praxisbedarf AG", "Bluebay Diagnostics Inc.", "Marlin Office SAS", "Oakridge Pharma Ltd"]
    static let given = ["Alma", "Bruno", "Carla", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
                        "Kwame", "Leona", "Mateo", "Noor", "Priya", "Quentin", "Rosa", "Tobias", "Yuki", "Zofia"]
    static let family = ["Achterberg", "Bellweather", "Castellano", "Drummond", "Eriksen", "Fontaine", "Gallagher", "Hollis",
                         "Ibarra", "Janssen", "Kowalski", "Lindgren", "Moreau", "Nakamura", "Okafor", "Petrov"]

    /// Document number `index` of a mix that cycles through every kind.
    public static func document(_ index: Int, seed: UInt64 = 1) -> GeneratedDocument {
        var random = SampleRandom(seed: seed &* 1_000_003 &+ UInt64(index))
        let kind = kinds[index % kinds.count]
        let tag = String(format: "%05d", index)
        switch kind {
        case "ubl_invoice": return ublInvoice(tag, &random)
        case "cii_invoice": return ciiInvoice(tag, &random)
        case "camt053": return camt053(tag, &random)
        case "pain001": return pain001(tag, &random)
        case "cda_ccd": return ClinicalSamples.cdaSummary(tag, &random)
        case "cda_lab": return ClinicalSamples.cdaLab(tag, &random)
        case "fhir_patient": return ClinicalSamples.fhirPatient(tag, &random)
        case "fhir_claim": return ClinicalSamples.fhirClaim(tag, &random)
        case "fhir_eob": return ClinicalSamples.fhirEOB(tag, &random)
        case "fhir_lab_bundle": return ClinicalSamples.fhirLabBundle(tag, &random)
        case "fhir_medication": return ClinicalSamples.fhirMedication(tag, &random)
        default: return xbrl(tag, &random)
        }
    }

    static func person(_ random: inout SampleRandom) -> (given: String, family: String) {
        (random.pick(given), random.pick(family))
    }

    static func make(_ name: String, _ xml: String, _ type: String, items: Int = 1, _ fields: [String: String]) -> GeneratedDocument {
        GeneratedDocument(fileName: name, data: Data(xml.utf8), docType: type, items: items, fields: fields)
    }

    static func ublInvoice(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let (seller, buyer) = (r.pick(companies), r.pick(companies))
        let net = r.int(1_000...900_000), tax = net * 19 / 100
        let issued = r.date(year: 2026), number = "INV-\(tag)", iban = germanIBAN(r.digits(18)), vat = "DE\(r.digits(9))"
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>\(number)</cbc:ID><cbc:IssueDate>\(issued.iso)</cbc:IssueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          <cac:AccountingSupplierParty><cac:Party>
            <cac:PartyTaxScheme><cbc:CompanyID>\(vat)</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
            <cac:PartyLegalEntity><cbc:RegistrationName>\(seller)</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>\(buyer)</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
          <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>\(iban)</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
          <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">\(SampleRandom.money(tax))</cbc:TaxAmount></cac:TaxTotal>
          <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">\(SampleRandom.money(net))</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="EUR">\(SampleRandom.money(net))</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="EUR">\(SampleRandom.money(net + tax))</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="EUR">\(SampleRandom.money(net + tax))</cbc:PayableAmount></cac:LegalMonetaryTotal>
          <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">\(SampleRandom.money(net))</cbc:LineExtensionAmount></cac:InvoiceLine>
        </Invoice>
        """
        return make("invoice-\(tag).xml", xml, "invoice", [
            "invoice_number": number, "invoice_date": issued.iso, "vendor_name": seller, "vendor_tax_id": vat, "customer_name": buyer,
            "currency": "EUR", "subtotal_amount": SampleRandom.money(net), "tax_amount": SampleRandom.money(tax),
            "total_amount": SampleRandom.money(net + tax), "iban": iban,
        ])
    }

    static func ciiInvoice(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let (seller, buyer) = (r.pick(companies), r.pick(companies))
        let net = r.int(500...500_000), tax = net * 7 / 100
        let issued = r.date(year: 2025), due = r.date(year: 2026), number = "RE-\(tag)", order = "PO-\(r.digits(5))"
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
          <rsm:ExchangedDocument><ram:ID>\(number)</ram:ID><ram:TypeCode>380</ram:TypeCode>
            <ram:IssueDateTime><udt:DateTimeString format="102">\(issued.compact)</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
          <rsm:SupplyChainTradeTransaction>
            <ram:ApplicableHeaderTradeAgreement>
              <ram:SellerTradeParty><ram:Name>\(seller)</ram:Name></ram:SellerTradeParty>
              <ram:BuyerTradeParty><ram:Name>\(buyer)</ram:Name></ram:BuyerTradeParty>
              <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>\(order)</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
            </ram:ApplicableHeaderTradeAgreement>
            <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
              <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">\(due.compact)</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
              <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>\(SampleRandom.money(net))</ram:LineTotalAmount>
                <ram:TaxBasisTotalAmount>\(SampleRandom.money(net))</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">\(SampleRandom.money(tax))</ram:TaxTotalAmount>
                <ram:GrandTotalAmount>\(SampleRandom.money(net + tax))</ram:GrandTotalAmount><ram:DuePayableAmount>\(SampleRandom.money(net + tax))</ram:DuePayableAmount>
              </ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
          </rsm:SupplyChainTradeTransaction>
        </rsm:CrossIndustryInvoice>
        """
        return make("invoice-\(tag)-cii.xml", xml, "invoice", [
            "invoice_number": number, "invoice_date": issued.iso, "due_date": due.iso, "vendor_name": seller, "customer_name": buyer,
            "currency": "EUR", "subtotal_amount": SampleRandom.money(net), "tax_amount": SampleRandom.money(tax),
            "total_amount": SampleRandom.money(net + tax), "purchase_order": order,
        ])
    }

    static func camt053(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let count = r.int(1...3)
        var statements = "", first: [String: String] = [:]
        for s in 0..<count {
            let iban = germanIBAN(r.digits(18)), holder = r.pick(companies)
            let opening = r.int(0...5_000_000), entries = (0..<r.int(1...4)).map { _ in r.int(-200_000...300_000) }
            let closing = opening + entries.reduce(0, +)
            let day = String(format: "2026-%02d-28", r.int(1...12))
            let ntry = entries.map { cents in
                "<Ntry><Amt Ccy=\"EUR\">\(SampleRandom.money(abs(cents)))</Amt><CdtDbtInd>\(cents < 0 ? "DBIT" : "CRDT")</CdtDbtInd><BookgDt><Dt>\(day)</Dt></BookgDt></Ntry>"
            }.joined()
            func balance(_ code: String, _ cents: Int) -> String {
                "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">\(SampleRandom.money(abs(cents)))</Amt><CdtDbtInd>\(cents < 0 ? "DBIT" : "CRDT")</CdtDbtInd><Dt><Dt>\(day)</Dt></Dt></Bal>"
            }
            statements += """
            <Stmt><Id>STMT-\(tag)-\(s)</Id><CreDtTm>\(day)T18:00:00</CreDtTm>
              <Acct><Id><IBAN>\(iban)</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>\(holder)</Nm></Ownr></Acct>
              \(balance("OPBD", opening))\(balance("CLBD", closing))\(ntry)</Stmt>
            """
            if s == 0 {
                first = ["account_iban": iban, "account_holder": holder, "statement_date": day, "currency": "EUR",
                         "opening_balance": SampleRandom.money(opening), "closing_balance": SampleRandom.money(closing),
                         "transaction_count": String(entries.count)]
            }
        }
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
          <GrpHdr><MsgId>MSG-\(tag)</MsgId><CreDtTm>2026-12-31T18:00:00</CreDtTm></GrpHdr>
          \(statements)
        </BkToCstmrStmt></Document>
        """
        return make("statement-\(tag).xml", xml, "bank_statement", items: count, first)
    }

    static func pain001(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let count = r.int(1...4), debtor = r.pick(companies), debtorIBAN = germanIBAN(r.digits(18)), day = r.date(year: 2026).iso
        var payments = "", first: [String: String] = [:], total = 0
        for p in 0..<count {
            let creditor = r.pick(companies), iban = germanIBAN(r.digits(18)), cents = r.int(100...2_000_000)
            total += cents
            payments += """
            <CdtTrfTxInf><PmtId><EndToEndId>E2E-\(tag)-\(p)</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">\(SampleRandom.money(cents))</InstdAmt></Amt>
              <Cdtr><Nm>\(creditor)</Nm></Cdtr><CdtrAcct><Id><IBAN>\(iban)</IBAN></Id></CdtrAcct></CdtTrfTxInf>
            """
            if p == 0 {
                first = ["debtor_name": debtor, "debtor_iban": debtorIBAN, "creditor_name": creditor, "creditor_iban": iban,
                         "amount": SampleRandom.money(cents), "currency": "EUR", "execution_date": day, "end_to_end_id": "E2E-\(tag)-0"]
            }
        }
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>
          <GrpHdr><MsgId>PAY-\(tag)</MsgId><CreDtTm>\(day)T09:00:00</CreDtTm><NbOfTxs>\(count)</NbOfTxs><CtrlSum>\(SampleRandom.money(total))</CtrlSum><InitgPty><Nm>\(debtor)</Nm></InitgPty></GrpHdr>
          <PmtInf><PmtInfId>B-\(tag)</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>\(day)</Dt></ReqdExctnDt>
            <Dbtr><Nm>\(debtor)</Nm></Dbtr><DbtrAcct><Id><IBAN>\(debtorIBAN)</IBAN></Id></DbtrAcct>
            \(payments)</PmtInf>
        </CstmrCdtTrfInitn></Document>
        """
        return make("payments-\(tag).xml", xml, "payment_order", items: count, first)
    }

    static func xbrl(_ tag: String, _ r: inout SampleRandom) -> GeneratedDocument {
        let entity = r.pick(companies), year = r.int(2015...2025)
        let revenue = String(r.int(1_000...90_000) * 1000), income = String(r.int(-5_000...9_000) * 1000), assets = String(r.int(5_000...200_000) * 1000)
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:us-gaap="http://fasb.org/us-gaap/2024" xmlns:dei="http://xbrl.sec.gov/dei/2024">
          <xbrli:context id="FY"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">00009\(r.digits(5))</xbrli:identifier></xbrli:entity>
            <xbrli:period><xbrli:startDate>\(year)-01-01</xbrli:startDate><xbrli:endDate>\(year)-12-31</xbrli:endDate></xbrli:period></xbrli:context>
          <xbrli:context id="End"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">00009</xbrli:identifier></xbrli:entity>
            <xbrli:period><xbrli:instant>\(year)-12-31</xbrli:instant></xbrli:period></xbrli:context>
          <xbrli:unit id="USD"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
          <dei:EntityRegistrantName contextRef="FY">\(entity)</dei:EntityRegistrantName>
          <us-gaap:Revenues contextRef="FY" unitRef="USD" decimals="-3">\(revenue)</us-gaap:Revenues>
          <us-gaap:NetIncomeLoss contextRef="FY" unitRef="USD" decimals="-3">\(income)</us-gaap:NetIncomeLoss>
          <us-gaap:Assets contextRef="End" unitRef="USD" decimals="-3">\(assets)</us-gaap:Assets>
        </xbrli:xbrl>
        """
        return make("report-\(tag).xml", xml, "financial_report", [
            "entity_name": entity, "period_end": "\(year)-12-31", "currency": "USD", "revenue": revenue, "net_income": income, "total_assets": assets,
        ])
    }
}
