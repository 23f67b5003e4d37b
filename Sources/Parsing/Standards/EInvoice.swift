import Foundation

/// UBL 2.x Invoice and CreditNote (Peppol BIS, XRechnung UBL, CIUS-RO, …).
enum UBL {
    static func recognize(_ root: XMLElement) -> JSONValue? {
        guard ["Invoice", "CreditNote"].contains(root.name),
              root.namespace?.hasPrefix("urn:oasis:names:specification:ubl:schema:xsd:") == true else { return nil }
        let currency = root.child("DocumentCurrencyCode")?.text
        let totals = root.child("LegalMonetaryTotal")
        // The tax total in the document currency (a second TaxTotal may state it in the tax currency).
        let taxTotals = root.children("TaxTotal").compactMap { $0.child("TaxAmount") }
        let tax = taxTotals.first { $0.attribute("currencyID") == currency } ?? taxTotals.first
        return .object([
            ("name", .string("ubl")),
            ("message", .string(root.name)),
            ("customization", Lift.string(root.child("CustomizationID"))),
            ("invoice_number", Lift.string(root.child("ID"))),
            ("invoice_date", Lift.date(root.child("IssueDate")?.text)),
            ("due_date", Lift.date(root.child("DueDate")?.text ?? root.at("PaymentMeans", "PaymentDueDate")?.text
                                   ?? root.at("PaymentTerms", "PaymentDueDate")?.text)),
            ("type_code", Lift.string(root.child("InvoiceTypeCode") ?? root.child("CreditNoteTypeCode"))),
            ("currency", Lift.string(currency)),
            ("seller", party(root.at("AccountingSupplierParty", "Party"))),
            ("buyer", party(root.at("AccountingCustomerParty", "Party"))),
            ("line_total", Lift.amount(totals?.child("LineExtensionAmount")?.text)),
            ("tax_exclusive_total", Lift.amount(totals?.child("TaxExclusiveAmount")?.text)),
            ("tax_total", Lift.amount(tax?.text)),
            ("tax_inclusive_total", Lift.amount(totals?.child("TaxInclusiveAmount")?.text)),
            ("payable_amount", Lift.amount(totals?.child("PayableAmount")?.text)),
            ("iban", Lift.string(root.at("PaymentMeans", "PayeeFinancialAccount", "ID"))),
            ("purchase_order", Lift.string(root.at("OrderReference", "ID"))),
            ("line_count", .number(String(root.children(root.name == "Invoice" ? "InvoiceLine" : "CreditNoteLine").count))),
        ])
    }

    static func party(_ p: XMLElement?) -> JSONValue? {
        guard let p else { return nil }
        let name = p.at("PartyLegalEntity", "RegistrationName") ?? p.at("PartyName", "Name")
        let vat = p.all("PartyTaxScheme").first { $0.at("TaxScheme", "ID")?.text == "VAT" }?.child("CompanyID")
            ?? p.at("PartyTaxScheme", "CompanyID")
        return .object([
            ("name", Lift.string(name)),
            ("trading_name", Lift.string(p.at("PartyName", "Name"))),
            ("vat_id", Lift.string(vat)),
            ("legal_id", Lift.string(p.at("PartyLegalEntity", "CompanyID"))),
            ("country", Lift.string(p.at("PostalAddress", "Country", "IdentificationCode"))),
        ])
    }
}

/// UN/CEFACT Cross Industry Invoice (ZUGFeRD 2, Factur-X, XRechnung CII), and its predecessor
/// ZUGFeRD 1.0 (`CrossIndustryDocument`), whose elements carry slightly different names.
enum CII {
    static func recognize(_ root: XMLElement) -> JSONValue? {
        let version2 = root.name == "CrossIndustryInvoice" && root.namespace?.contains("uncefact:data:standard:CrossIndustryInvoice") == true
        let version1 = root.name == "CrossIndustryDocument" && root.namespace?.contains("urn:ferd:CrossIndustryDocument") == true
        guard version2 || version1 else { return nil }
        let document = root.child("ExchangedDocument") ?? root.child("HeaderExchangedDocument")
        let transaction = root.child("SupplyChainTradeTransaction") ?? root.child("SpecifiedSupplyChainTradeTransaction")
        let agreement = transaction?.child("ApplicableHeaderTradeAgreement") ?? transaction?.child("ApplicableSupplyChainTradeAgreement")
        let settlement = transaction?.child("ApplicableHeaderTradeSettlement") ?? transaction?.child("ApplicableSupplyChainTradeSettlement")
        let summary = settlement?.child("SpecifiedTradeSettlementHeaderMonetarySummation")
            ?? settlement?.child("SpecifiedTradeSettlementMonetarySummation")
        let currency = settlement?.child("InvoiceCurrencyCode")?.text
        let taxes = summary?.children("TaxTotalAmount") ?? []
        let tax = taxes.first { $0.attribute("currencyID") == currency } ?? taxes.first
        let lineItems = transaction?.children("IncludedSupplyChainTradeLineItem").count ?? 0
        return .object([
            ("name", .string("cii")),
            ("message", .string(root.name)),
            ("guideline", Lift.string(root.at("ExchangedDocumentContext", "GuidelineSpecifiedDocumentContextParameter", "ID")
                                      ?? root.at("SpecifiedExchangedDocumentContext", "GuidelineSpecifiedDocumentContextParameter", "ID"))),
            ("invoice_number", Lift.string(document?.child("ID"))),
            ("invoice_date", Lift.date(document?.at("IssueDateTime", "DateTimeString")?.text)),
            ("type_code", Lift.string(document?.child("TypeCode"))),
            ("due_date", Lift.date(settlement?.at("SpecifiedTradePaymentTerms", "DueDateDateTime", "DateTimeString")?.text)),
            ("currency", Lift.string(currency)),
            ("seller", party(agreement?.child("SellerTradeParty"))),
            ("buyer", party(agreement?.child("BuyerTradeParty"))),
            ("line_total", Lift.amount(summary?.child("LineTotalAmount")?.text)),
            ("tax_exclusive_total", Lift.amount(summary?.child("TaxBasisTotalAmount")?.text)),
            ("tax_total", Lift.amount(tax?.text)),
            ("tax_inclusive_total", Lift.amount(summary?.child("GrandTotalAmount")?.text)),
            ("payable_amount", Lift.amount(summary?.child("DuePayableAmount")?.text)),
            ("iban", Lift.string(settlement?.at("SpecifiedTradeSettlementPaymentMeans", "PayeePartyCreditorFinancialAccount", "IBANID"))),
            ("purchase_order", Lift.string(agreement?.at("BuyerOrderReferencedDocument", "IssuerAssignedID")
                                           ?? agreement?.at("BuyerOrderReferencedDocument", "ID"))),
            ("line_count", .number(String(lineItems))),
        ])
    }

    static func party(_ p: XMLElement?) -> JSONValue? {
        guard let p else { return nil }
        let registrations = p.children("SpecifiedTaxRegistration").compactMap { $0.child("ID") }
        let vat = registrations.first { $0.attribute("schemeID") == "VA" } ?? registrations.first
        return .object([
            ("name", Lift.string(p.child("Name"))),
            ("vat_id", Lift.string(vat)),
            ("legal_id", Lift.string(p.at("SpecifiedLegalOrganization", "ID"))),
            ("country", Lift.string(p.at("PostalTradeAddress", "CountryID"))),
        ])
    }
}
