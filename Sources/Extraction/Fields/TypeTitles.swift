import Foundation

/// What a document calls itself. Nearly every real document prints its kind in its title
/// ("Amazon Web Services Invoice", "PAYMENT RECEIPT", "INTENT TO FILE A CLAIM"), in wordings
/// generated pages only partly share, so the type head gets, beside the encoder's vectors, one
/// input per type: whether a title line of the first page names it. Lexical inputs of the
/// trained head, not rules: the head weighs them against the vectors (a "Claim summary" is an
/// explanation of benefits, a receipt may print "Invoice no."), and training hides them on
/// half the examples so the vectors keep their say (`HeadTrainer`).
public enum TypeTitles {
    /// The types in input order. Fixed here, not taken from a pipeline, so a heads file means
    /// the same inputs whatever pipeline reads it; a type not listed has no title input.
    public static let types = [
        "invoice", "receipt", "bank_statement", "payment_order", "tax_form", "financial_report", "clinical_summary",
        "lab_report", "prescription", "claim", "explanation_of_benefits", "patient_record",
    ]

    /// Title wordings per type, lower case, matched as whole words (English, German, French, Dutch).
    static let wordings: [String: [String]] = [
        "invoice": ["invoice", "tax invoice", "rechnung", "facture", "factuur", "fattura", "factura", "credit note", "gutschrift",
                    "nota fiscal"],
        "receipt": ["receipt", "kassenbon", "kassenbeleg", "quittung", "ticket de caisse", "reçu", "kassabon", "kwitantie",
                    "bon de caisse", "recibo", "ricevuta", "scontrino"],
        "bank_statement": ["bank statement", "account statement", "statement of account", "monthly statement", "kontoauszug",
                           "relevé de compte", "relevé bancaire", "rekeningafschrift", "afschrift", "checking account",
                           "savings account", "card statement", "kreditkartenabrechnung", "relevé de carte", "extracto bancario",
                           "estratto conto"],
        "payment_order": ["payment order", "credit transfer", "transfer order", "wire transfer", "funds transfer", "überweisung",
                          "überweisungsauftrag", "zahlungsauftrag", "ordre de virement", "overschrijving", "betalingsopdracht"],
        "tax_form": ["tax return", "tax statement", "wage and tax", "income tax", "form 1040", "form w-2", "1099", "schedule k-1",
                     "lohnsteuerbescheinigung", "steuerbescheinigung", "steuererklärung", "attestation fiscale",
                     "déclaration de revenus", "jaaropgaaf", "aangifte",
                     // IRS forms print the service under the form number; other common ones by name.
                     "internal revenue service", "form w-9", "form w-4", "form 1098", "form 941", "form 990", "schedule c"],
        "financial_report": ["annual report", "financial statements", "financial report", "balance sheet", "quarterly report",
                             "income statement", "jahresabschluss", "geschäftsbericht", "rapport annuel", "états financiers",
                             "comptes annuels", "jaarverslag", "jaarrekening"],
        "clinical_summary": ["discharge summary", "clinical summary", "consultation note", "progress note", "continuity of care",
                             "entlassungsbrief", "arztbrief", "lettre de sortie", "compte rendu d'hospitalisation", "ontslagbrief"],
        "lab_report": ["laboratory report", "lab report", "lab results", "test results", "laboratory results", "pathology report",
                       "laborbefund", "compte rendu de laboratoire", "laboratoriumuitslag", "test report", "microbiology report",
                       "blood test"],
        "prescription": ["prescription", "medication order", "rezept", "ordonnance", "recept"],
        "claim": ["claim", "claim form", "request for medical payment", "leistungsantrag", "demande de remboursement",
                  "declaratieformulier"],
        "explanation_of_benefits": ["explanation of benefits", "claim summary", "summary notice", "this is not a bill",
                                    "leistungsabrechnung", "décompte de remboursement", "vergoedingsoverzicht"],
        "patient_record": ["patient registration", "patient information", "new patient", "intake form", "patientenstammblatt",
                           "fiche patient", "patiëntgegevens"],
    ]

    /// Lines that read as a title: on the first page, at most twelve words, and either among
    /// its first five lines or printed at least a fifth larger than its body text (the size
    /// most of its words have).
    static func titleLines(_ lines: [PageLine]) -> [PageLine] {
        guard let first = lines.map(\.page).min() else { return [] }
        let page = lines.filter { $0.page == first }
        var wordsBySize: [Double: Int] = [:]
        for word in page.flatMap(\.words) { wordsBySize[(word.fontSize * 2).rounded() / 2, default: 0] += 1 }
        let body = wordsBySize.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
        return page.enumerated().filter { index, line in
            line.words.count <= 12 && (index < 5 || line.fontSize >= body * 1.2)
        }.map(\.element)
    }

    /// One input per type in `types`: 1 when a title line holds one of its wordings.
    public static func inputs(_ lines: [PageLine]) -> [Float] {
        // Hyphens stay inside words, so "W-2" and "K-1" read as printed.
        let titles = titleLines(lines).map { " " + LabelGlossary.normalize($0.text, keeping: ["-"]) + " " }
        return types.map { type in
            let named = (wordings[type] ?? []).contains { wording in titles.contains { $0.contains(" " + wording + " ") } }
            return named ? 1 : 0
        }
    }
}
