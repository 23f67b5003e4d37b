import Foundation

/// How documents label their fields, per language. Training families use the first wordings
/// of English and German; held-out families use the last wording and French and Dutch, so an
/// evaluation measures wording and language the heads never saw.
enum Lexicon {
    static let labels: [String: [String: [String]]] = [
        "invoice_number": ["en": ["Invoice number", "Invoice No.", "Invoice #"], "de": ["Rechnungsnummer", "Rechnung Nr.", "Rechnungs-Nr."],
                           "fr": ["Numéro de facture", "Facture n°"], "nl": ["Factuurnummer", "Factuur nr."]],
        "invoice_date": ["en": ["Invoice date", "Date of issue", "Date"], "de": ["Rechnungsdatum", "Datum", "Ausstellungsdatum"],
                         "fr": ["Date de facture", "Date d'émission"], "nl": ["Factuurdatum", "Datum"]],
        "due_date": ["en": ["Due date", "Payment due", "Pay by"], "de": ["Fällig am", "Zahlbar bis", "Fälligkeitsdatum"],
                     "fr": ["Date d'échéance", "Échéance"], "nl": ["Vervaldatum", "Te betalen voor"]],
        "customer_name": ["en": ["Bill to", "Customer", "Invoice to"], "de": ["Rechnungsempfänger", "Kunde", "An"],
                          "fr": ["Facturé à", "Client"], "nl": ["Factuur aan", "Klant"]],
        "vendor_tax_id": ["en": ["VAT number", "VAT ID", "Tax ID"], "de": ["USt-IdNr.", "Umsatzsteuer-ID", "Steuernummer"],
                          "fr": ["N° TVA", "TVA intracommunautaire"], "nl": ["Btw-nummer", "BTW nr."]],
        "subtotal_amount": ["en": ["Subtotal", "Net amount", "Total excl. VAT"], "de": ["Zwischensumme", "Nettobetrag", "Summe netto"],
                            "fr": ["Sous-total", "Total HT"], "nl": ["Subtotaal", "Totaal excl. btw"]],
        "tax_amount": ["en": ["VAT", "Tax", "Sales tax"], "de": ["MwSt.", "Umsatzsteuer", "USt."], "fr": ["TVA", "Montant TVA"], "nl": ["Btw", "BTW bedrag"]],
        "total_amount": ["en": ["Total", "Amount due", "Total due"], "de": ["Gesamtbetrag", "Rechnungsbetrag", "Summe"],
                         "fr": ["Total TTC", "Montant à payer"], "nl": ["Totaal", "Te betalen"]],
        "iban": ["en": ["IBAN", "Bank account"], "de": ["IBAN", "Bankverbindung"], "fr": ["IBAN", "Coordonnées bancaires"], "nl": ["IBAN", "Rekeningnummer"]],
        "purchase_order": ["en": ["PO number", "Purchase order", "Your order"], "de": ["Bestellnummer", "Ihre Bestellung", "Auftrag"],
                           "fr": ["Bon de commande", "Commande n°"], "nl": ["Ordernummer", "Inkooporder"]],
        "receipt_date": ["en": ["Date", "Sale date"], "de": ["Datum", "Kaufdatum"], "fr": ["Date", "Le"], "nl": ["Datum", "Aankoopdatum"]],
        "payment_method": ["en": ["Paid by", "Payment"], "de": ["Bezahlt mit", "Zahlart"], "fr": ["Payé par", "Paiement"], "nl": ["Betaald met", "Betaalwijze"]],
        "account_iban": ["en": ["IBAN", "Account"], "de": ["IBAN", "Konto"], "fr": ["IBAN", "Compte"], "nl": ["IBAN", "Rekening"]],
        "account_holder": ["en": ["Account holder", "Account name"], "de": ["Kontoinhaber", "Inhaber"], "fr": ["Titulaire", "Titulaire du compte"], "nl": ["Rekeninghouder", "Tenaamstelling"]],
        "statement_date": ["en": ["Statement date", "Date"], "de": ["Auszugsdatum", "Datum"], "fr": ["Date du relevé", "Date"], "nl": ["Afschriftdatum", "Datum"]],
        "opening_balance": ["en": ["Opening balance", "Previous balance"], "de": ["Anfangssaldo", "Alter Kontostand"], "fr": ["Solde initial", "Ancien solde"], "nl": ["Beginsaldo", "Vorig saldo"]],
        "closing_balance": ["en": ["Closing balance", "New balance"], "de": ["Endsaldo", "Neuer Kontostand"], "fr": ["Solde final", "Nouveau solde"], "nl": ["Eindsaldo", "Nieuw saldo"]],
        "patient_name": ["en": ["Patient", "Patient name"], "de": ["Patient", "Name des Patienten"], "fr": ["Patient", "Nom du patient"], "nl": ["Patiënt", "Naam patiënt"]],
        "birth_date": ["en": ["Date of birth", "DOB"], "de": ["Geburtsdatum", "geb."], "fr": ["Date de naissance", "Né(e) le"], "nl": ["Geboortedatum", "Geb. datum"]],
        "collection_date": ["en": ["Collected", "Collection date"], "de": ["Entnahmedatum", "Abnahme"], "fr": ["Date de prélèvement", "Prélevé le"], "nl": ["Afnamedatum", "Afgenomen op"]],
        "ordering_provider": ["en": ["Ordering physician", "Ordered by"], "de": ["Einsender", "Anfordernder Arzt"], "fr": ["Médecin prescripteur", "Demandé par"], "nl": ["Aanvrager", "Aanvragend arts"]],
        "member_id": ["en": ["Member ID", "Subscriber ID"], "de": ["Versichertennummer", "Mitgliedsnummer"], "fr": ["N° d'adhérent", "Identifiant assuré"], "nl": ["Lidnummer", "Verzekerdennummer"]],
        "claim_number": ["en": ["Claim number", "Claim #"], "de": ["Schadennummer", "Leistungsfall"], "fr": ["N° de sinistre", "Dossier n°"], "nl": ["Claimnummer", "Declaratienummer"]],
        "service_date": ["en": ["Date of service", "Service date"], "de": ["Behandlungsdatum", "Leistungsdatum"], "fr": ["Date des soins", "Date de service"], "nl": ["Behandeldatum", "Datum behandeling"]],
        "total_charge": ["en": ["Total charge", "Total billed"], "de": ["Gesamtforderung", "Rechnungsbetrag"], "fr": ["Montant facturé", "Total facturé"], "nl": ["Totaal gedeclareerd", "Totaalbedrag"]],
        "paid_amount": ["en": ["Plan paid", "Amount paid"], "de": ["Erstattet", "Gezahlter Betrag"], "fr": ["Montant remboursé", "Payé"], "nl": ["Vergoed", "Betaald bedrag"]],
        "prescription_date": ["en": ["Date written", "Prescribed"], "de": ["Ausstellungsdatum", "Verordnet am"], "fr": ["Date de prescription", "Prescrit le"], "nl": ["Voorschrijfdatum", "Datum recept"]],
        "drug_name": ["en": ["Rx", "Medication"], "de": ["Arzneimittel", "Präparat"], "fr": ["Médicament", "Traitement"], "nl": ["Geneesmiddel", "Medicatie"]],
        "tax_year": ["en": ["Tax year", "For calendar year"], "de": ["Steuerjahr", "Veranlagungsjahr"], "fr": ["Année d'imposition", "Exercice"], "nl": ["Belastingjaar", "Jaar"]],
        "gross_amount": ["en": ["Wages, tips, other compensation", "Gross income"], "de": ["Bruttoarbeitslohn", "Bruttobetrag"], "fr": ["Salaire brut", "Revenu brut"], "nl": ["Brutoloon", "Bruto inkomen"]],
        "debtor_name": ["en": ["Ordering party", "Payer"], "de": ["Auftraggeber", "Zahlungspflichtiger"], "fr": ["Donneur d'ordre", "Payeur"], "nl": ["Opdrachtgever", "Betaler"]],
        "debtor_iban": ["en": ["From account", "Debit account"], "de": ["Belastungskonto", "IBAN Auftraggeber"], "fr": ["Compte à débiter", "IBAN du donneur d'ordre"], "nl": ["Van rekening", "Af te schrijven rekening"]],
        "creditor_name": ["en": ["Beneficiary", "Payee"], "de": ["Empfänger", "Begünstigter"], "fr": ["Bénéficiaire", "Destinataire"], "nl": ["Begunstigde", "Ontvanger"]],
        "creditor_iban": ["en": ["Beneficiary account", "To account"], "de": ["IBAN Empfänger", "Empfängerkonto"], "fr": ["IBAN du bénéficiaire", "Compte à créditer"], "nl": ["Naar rekening", "Rekening begunstigde"]],
        "amount": ["en": ["Amount", "Transfer amount"], "de": ["Betrag", "Überweisungsbetrag"], "fr": ["Montant", "Montant du virement"], "nl": ["Bedrag", "Over te maken bedrag"]],
        "execution_date": ["en": ["Execution date", "Value date"], "de": ["Ausführungsdatum", "Termin"], "fr": ["Date d'exécution", "Date de valeur"], "nl": ["Uitvoeringsdatum", "Valutadatum"]],
        "end_to_end_id": ["en": ["Reference", "End-to-end reference"], "de": ["Referenz", "Kundenreferenz"], "fr": ["Référence", "Référence de bout en bout"], "nl": ["Referentie", "Betalingskenmerk"]],
        "period_end": ["en": ["Fiscal year ended", "Period ending"], "de": ["Geschäftsjahr zum", "Stichtag"], "fr": ["Exercice clos le", "Arrêté au"], "nl": ["Boekjaar eindigend", "Balansdatum"]],
        "revenue": ["en": ["Revenue", "Net sales"], "de": ["Umsatzerlöse", "Umsatz"], "fr": ["Chiffre d'affaires", "Produits"], "nl": ["Omzet", "Netto-omzet"]],
        "net_income": ["en": ["Net income", "Profit for the year"], "de": ["Jahresüberschuss", "Gewinn"], "fr": ["Résultat net", "Bénéfice net"], "nl": ["Nettowinst", "Resultaat"]],
        "total_assets": ["en": ["Total assets", "Assets"], "de": ["Bilanzsumme", "Summe Aktiva"], "fr": ["Total de l'actif", "Total bilan"], "nl": ["Totaal activa", "Balanstotaal"]],
        "document_date": ["en": ["Date of discharge", "Report date"], "de": ["Entlassungsdatum", "Datum des Berichts"], "fr": ["Date de sortie", "Date du compte rendu"], "nl": ["Ontslagdatum", "Datum verslag"]],
        "author_name": ["en": ["Attending physician", "Author"], "de": ["Behandelnder Arzt", "Verfasser"], "fr": ["Médecin traitant", "Rédigé par"], "nl": ["Behandelend arts", "Auteur"]],
        "patient_id": ["en": ["MRN", "Patient ID"], "de": ["Patienten-ID", "Fallnummer"], "fr": ["N° de dossier", "Identifiant patient"], "nl": ["Patiëntnummer", "Dossiernummer"]],
        "address": ["en": ["Address", "Home address"], "de": ["Anschrift", "Adresse"], "fr": ["Adresse", "Domicile"], "nl": ["Adres", "Woonadres"]],
        "tax_withheld": ["en": ["Federal income tax withheld", "Tax withheld"], "de": ["Einbehaltene Lohnsteuer", "Lohnsteuer"], "fr": ["Impôt retenu", "Prélèvement à la source"], "nl": ["Ingehouden loonheffing", "Loonheffing"]],
    ]

    static let languages = ["en", "de", "fr", "nl"]
    static let trainingLanguages = ["en", "de"]
    static let heldOutLanguages = ["fr", "nl"]

    /// The label for `field`: a training wording, or (held out) the last one.
    static func label(_ field: String, language: String, heldOut: Bool, _ random: inout SampleRandom) -> String {
        let options = labels[field]?[language] ?? labels[field]?["en"] ?? [field.replacingOccurrences(of: "_", with: " ").capitalized]
        if heldOut || options.count == 1 { return options[options.count - 1] }
        return random.pick(Array(options.dropLast()))
    }

    static let titles: [String: [String: String]] = [
        "invoice": ["en": "INVOICE", "de": "RECHNUNG", "fr": "FACTURE", "nl": "FACTUUR"],
        "receipt": ["en": "RECEIPT", "de": "KASSENBON", "fr": "TICKET DE CAISSE", "nl": "KASSABON"],
        "bank_statement": ["en": "Account statement", "de": "Kontoauszug", "fr": "Relevé de compte", "nl": "Rekeningafschrift"],
        "lab_report": ["en": "Laboratory report", "de": "Laborbefund", "fr": "Compte rendu de laboratoire", "nl": "Laboratoriumuitslag"],
        "claim": ["en": "Health insurance claim form", "de": "Leistungsantrag", "fr": "Demande de remboursement", "nl": "Declaratieformulier"],
        "explanation_of_benefits": ["en": "Explanation of benefits", "de": "Leistungsabrechnung", "fr": "Décompte de remboursement", "nl": "Vergoedingsoverzicht"],
        "prescription": ["en": "Prescription", "de": "Rezept", "fr": "Ordonnance", "nl": "Recept"],
        "tax_form": ["en": "Wage and Tax Statement", "de": "Lohnsteuerbescheinigung", "fr": "Attestation fiscale", "nl": "Jaaropgaaf"],
        "payment_order": ["en": "Credit transfer order", "de": "Überweisungsauftrag", "fr": "Ordre de virement", "nl": "Overschrijvingsopdracht"],
        "financial_report": ["en": "Annual report", "de": "Jahresabschluss", "fr": "Rapport annuel", "nl": "Jaarverslag"],
        "clinical_summary": ["en": "Discharge summary", "de": "Entlassungsbrief", "fr": "Compte rendu d'hospitalisation", "nl": "Ontslagbrief"],
        "patient_record": ["en": "Patient registration", "de": "Patientenstammblatt", "fr": "Fiche patient", "nl": "Patiëntgegevens"],
        "other": ["en": "Notice", "de": "Mitteilung", "fr": "Avis", "nl": "Mededeling"],
    ]

    /// Other titles English training pages carry: real documents of one type are headed a
    /// dozen ways ("Tax Invoice", "Patient's request for medical payment"), and a type head that
    /// saw one title per type leans on it. Held-out pages keep the titles above.
    static let englishTitles: [String: [String]] = [
        "invoice": ["Tax Invoice", "Invoice", "Bill", "Commercial invoice"],
        "receipt": ["Payment receipt", "Sales receipt", "Cash receipt", "Receipt"],
        "bank_statement": ["Bank statement", "Statement of account", "Monthly statement", "Checking account statement"],
        "lab_report": ["Lab results", "Test results", "Pathology report", "Clinical laboratory report"],
        "claim": ["Patient's request for medical payment", "Claim for reimbursement", "Medical claim form", "Dental claim form"],
        "explanation_of_benefits": ["Claim summary", "Your explanation of benefits", "Medicare summary notice"],
        "prescription": ["Rx", "Medication order", "Prescription order"],
        "payment_order": ["Payment order", "Wire transfer request", "Funds transfer instruction"],
        "financial_report": ["Financial statements", "Quarterly report", "Consolidated balance sheet"],
        "clinical_summary": ["Discharge summary report", "Clinical summary", "Consultation note"],
        "patient_record": ["New patient form", "Patient information", "Patient intake form"],
        "other": ["Memo", "Letter", "Meeting minutes"],
    ]

    /// The page's title: English training pages draw one of the type's titles (the usual one
    /// half the time).
    static func title(_ type: String, language: String, heldOut: Bool, _ random: inout SampleRandom) -> String {
        let usual = titles[type]?[language] ?? type
        guard !heldOut, language == "en", let more = englishTitles[type], random.int(0...1) == 0 else { return usual }
        return random.pick(more)
    }
}
