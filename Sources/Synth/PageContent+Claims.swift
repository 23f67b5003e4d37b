import Foundation

/// Health claims as US payers receive them. Generated claims used to be a provider's short
/// form; real ones are printed forms with numbered boxes, checkboxes for the payer and
/// instructions in small print, and the type head took a real Medicare claim for a clinical
/// summary. English training claims use one of these forms half the time.
extension PageContent {
    struct ClaimForm {
        var title: String
        /// Labels of patient name, member id, claim number, date of service and total charge.
        var labels: [String]
        /// Small print under the title.
        var instructions: [String]
    }

    static let usClaimForms = [
        ClaimForm(title: "HEALTH INSURANCE CLAIM FORM",
                  labels: ["2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", "1a. INSURED'S I.D. NUMBER",
                           "26. PATIENT'S ACCOUNT NO.", "24A. DATE(S) OF SERVICE", "28. TOTAL CHARGE"],
                  instructions: ["APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12",
                                 "MEDICARE    MEDICAID    TRICARE    CHAMPVA    GROUP HEALTH PLAN    FECA BLK LUNG    OTHER",
                                 "READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM."]),
        ClaimForm(title: "PATIENT'S REQUEST FOR MEDICAL PAYMENT",
                  labels: ["1. Patient's name", "2. Medicare number", "Claim control number", "Date of service", "Total amount charged"],
                  instructions: ["IMPORTANT: PLEASE READ THE ATTACHED INSTRUCTIONS PRIOR TO SUBMITTING A CLAIM TO MEDICARE",
                                 "Send only the completed form to your Medicare administrative contractor. Include a copy of the itemized bill.",
                                 "Your reason for submitting this claim (check one box only)"]),
        ClaimForm(title: "DENTAL CLAIM FORM",
                  labels: ["12. Policyholder/Subscriber name", "15. Policyholder/Subscriber ID", "Claim #", "24. Procedure date", "33. Total fee"],
                  instructions: ["HEADER INFORMATION    Type of transaction (mark all applicable boxes)",
                                 "Statement of actual services    Request for predetermination/preauthorization",
                                 "By signing below I authorize payment of the dental benefits otherwise payable to me."]),
        ClaimForm(title: "Claim for reimbursement of medical expenses",
                  labels: ["Member name", "Member ID number", "Reference number", "Date(s) of treatment", "Amount claimed"],
                  instructions: ["Complete one form per patient and attach itemized receipts.",
                                 "Claims must be submitted within 12 months of the date of service.",
                                 "Incomplete forms will be returned and may delay payment."]),
    ]

    mutating func fillClaim() {
        fillable = random.int(0...1) == 0
        header = [FormSamples.Entry(field: "provider_name", label: nil, printed: random.pick(ClinicalSamples.organizations), value: "")]
        header[0].value = header[0].printed
        entries = [text("patient_name", person()), text("member_id", "MBR\(random.digits(8))"), text("claim_number", "CLM-\(random.digits(7))"),
                   date("service_date"), money("total_charge", cents: random.int(5_000...900_000), currency: "USD", symbolFirst: true)]
        guard language == "en", !heldOut, random.int(0...1) == 0 else { return }
        let form = random.pick(Self.usClaimForms)
        title = form.title
        for (i, label) in form.labels.enumerated() { entries[i].label = label }
        instructions = form.instructions
    }
}
