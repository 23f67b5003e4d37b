import Foundation
import Parsing

/// One item a recognized standard yields: its type and the schema fields it states exactly.
public struct StructuredItem: Equatable, Sendable {
    public var docType: String
    public var fields: [(String, JSONValue)]

    public init(docType: String, fields: [(String, JSONValue?)]) {
        self.docType = docType
        self.fields = fields.compactMap { name, value in value.map { (name, $0) } }
    }

    public static func == (a: StructuredItem, b: StructuredItem) -> Bool {
        a.docType == b.docType && a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public subscript(name: String) -> JSONValue? { fields.first { $0.0 == name }?.1 }
}

/// The table from recognized standards to document types and fields: the structured path,
/// exact and with confidence 1. Input is `ParsedDocument.standard` (see `StandardRecognizer`);
/// nil means the standard is not one Docket maps (generic XML), and the document goes to the
/// classifier like any other text.
public enum StructuredMapping {
    public static func items(_ standard: JSONValue) -> [StructuredItem]? {
        guard let name = standard["name"]?.stringValue else { return nil }
        let message = standard["message"]?.stringValue ?? ""
        switch name {
        case "ubl", "cii": return [invoice(standard)]
        case "iso20022": return iso20022(standard, message: message)
        case "xbrl": return [financialReport(standard)]
        case "hl7-cda": return [cda(standard, kind: message)]
        case "fhir": return fhir(standard, message: message)
        default: return nil
        }
    }

    // MARK: Finance

    static func invoice(_ s: JSONValue) -> StructuredItem {
        StructuredItem(docType: "invoice", fields: [
            ("invoice_number", s["invoice_number"]),
            ("invoice_date", s["invoice_date"]),
            ("due_date", s["due_date"]),
            ("vendor_name", s["seller"]?["name"] ?? s["seller"]?["trading_name"]),
            ("vendor_tax_id", s["seller"]?["vat_id"] ?? s["seller"]?["tax_id"]),
            ("customer_name", s["buyer"]?["name"]),
            ("currency", s["currency"]),
            ("subtotal_amount", s["tax_exclusive_total"] ?? s["line_total"]),
            ("tax_amount", s["tax_total"]),
            ("total_amount", s["tax_inclusive_total"] ?? s["payable_amount"]),
            ("iban", s["iban"]),
            ("purchase_order", s["purchase_order"]),
        ])
    }

    static func iso20022(_ s: JSONValue, message: String) -> [StructuredItem]? {
        if message.hasPrefix("camt.") {
            return (s["statements"]?.arrayValue ?? []).map { statement in
                StructuredItem(docType: "bank_statement", fields: [
                    ("account_iban", statement["account_iban"]),
                    ("account_number", statement["account_id"]),
                    ("account_holder", statement["account_holder"]),
                    ("statement_date", statement["statement_date"]),
                    ("period_start", statement["period_start"]),
                    ("period_end", statement["period_end"]),
                    ("currency", statement["currency"]),
                    ("opening_balance", statement["opening_balance"]?["amount"]),
                    ("closing_balance", statement["closing_balance"]?["amount"]),
                    ("transaction_count", statement["entry_count"]),
                ])
            }
        }
        if message.hasPrefix("pain.") || message.hasPrefix("pacs.") {
            return (s["payments"]?.arrayValue ?? []).map { payment in
                StructuredItem(docType: "payment_order", fields: [
                    ("debtor_name", payment["debtor_name"]),
                    ("debtor_iban", payment["debtor_iban"]),
                    ("debtor_account_number", payment["debtor_account_id"]),
                    ("creditor_name", payment["creditor_name"]),
                    ("creditor_iban", payment["creditor_iban"]),
                    ("creditor_account_number", payment["creditor_account_id"]),
                    ("amount", payment["amount"]),
                    ("currency", payment["currency"]),
                    ("execution_date", payment["execution_date"] ?? s["settlement_date"]),
                    ("end_to_end_id", payment["end_to_end_id"]),
                ])
            }
        }
        return nil
    }

    /// XBRL concepts for each field, in preference order; the fact must belong to a
    /// non-dimensional context ending on the report's period end.
    static let xbrlConcepts: [(String, [String])] = [
        ("revenue", ["Revenues", "Revenue", "SalesRevenueNet", "RevenueFromContractWithCustomerExcludingAssessedTax"]),
        ("net_income", ["NetIncomeLoss", "ProfitLoss", "NetIncomeLossAvailableToCommonStockholdersBasic"]),
        ("total_assets", ["Assets"]),
        ("total_liabilities", ["Liabilities"]),
    ]

    static func financialReport(_ s: JSONValue) -> StructuredItem {
        let periodEnd = s["period_end"]?.stringValue
        let contexts = s["contexts"]
        let facts = (s["facts"]?.arrayValue ?? []).filter { fact in
            guard let context = fact["context"]?.stringValue, let c = contexts?[context] else { return false }
            return c["dimensional"] != .bool(true) && c["end"]?.stringValue == periodEnd
        }
        func value(_ names: [String]) -> JSONValue? {
            for name in names {
                if let fact = facts.first(where: { ($0["concept"]?.stringValue ?? "").split(separator: ":").last.map(String.init) == name }),
                   let text = fact["value"]?.stringValue, Double(text) != nil {
                    return .number(text)
                }
            }
            return nil
        }
        var fields: [(String, JSONValue?)] = [
            ("entity_name", s["entity_name"]),
            ("period_end", s["period_end"]),
            ("currency", s["currency"]),
        ]
        fields += xbrlConcepts.map { ($0.0, value($0.1)) }
        fields.append(("entity_identifier", s["entity_identifier"]))
        return StructuredItem(docType: "financial_report", fields: fields)
    }
}
