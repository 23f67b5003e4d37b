import Foundation
import Parsing

/// Keeps an embedded e-invoice's fields only where the visible page agrees. A field the page
/// does not show is dropped; when a required field is among them the result goes to review
/// with `embedded_xml_unverified:<field>`.
enum EmbeddedInvoiceCheck {
    /// Fields whose values are compared as printed text; identifiers ignore spaces.
    static let textFields: Set<String> = ["invoice_number", "vendor_name", "customer_name", "purchase_order", "vendor_tax_id", "iban"]

    static func verify(_ item: StructuredItem, against page: VisibleText) -> (kept: StructuredItem, unverified: [String]) {
        var kept = item
        var unverified: [String] = []
        kept.fields = item.fields.filter { name, value in
            let shown = shows(name: name, value: value, page: page)
            if !shown { unverified.append(name) }
            return shown
        }
        return (kept, unverified)
    }

    static func shows(name: String, value: JSONValue, page: VisibleText) -> Bool {
        switch value {
        case .number(let number):
            return page.showsAmount(number)
        case .string(let text):
            if name.hasSuffix("_date") { return page.dates.contains(text) }
            if name == "currency" { return page.showsText(text) || currencySymbols[text].map { page.folded.contains($0) } == true }
            return page.showsText(text)
        default:
            return false
        }
    }

    static let currencySymbols = ["EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "fr.", "INR": "₹"]
}
