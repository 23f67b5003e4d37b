import Foundation
import Parsing

extension StructuredMapping {
    // MARK: HL7 CDA

    /// C-CDA document kinds (from the LOINC document code) that are not clinical summaries.
    static let cdaKindTypes: [String: String] = [
        "laboratory_report": "lab_report", "diagnostic_imaging_report": "lab_report",
        // QRDA Category I: one patient's data for quality measures, no narrative of care.
        "quality_measure_report": "patient_record",
        "privacy_consent": "other",
    ]
    static let loincSystem = "2.16.840.1.113883.6.1"

    static func cda(_ s: JSONValue, kind: String) -> StructuredItem {
        let sections = s["sections"]?.arrayValue ?? []
        let hasEntries = sections.contains { Int($0["entry_count"]?.stringValue ?? "0") ?? 0 > 0 }
        let type = cdaKindTypes[kind] ?? (kind == "clinical_document" && !hasEntries ? "patient_record" : "clinical_summary")
        let patient = s["patient"]
        let patientID = patient?["identifiers"]?.arrayValue?.lazy.compactMap { $0["extension"] }.first
        let organization = s["author_organization"] ?? s["custodian"] ?? s["provider_organization"]
        func displays(_ kind: String) -> JSONValue? {
            let codes = sections.filter { $0["kind"]?.stringValue == kind }.flatMap { $0["codes"]?.arrayValue ?? [] }
            let names = codes.compactMap { $0["display"]?.stringValue ?? $0["code"]?.stringValue }
            return names.isEmpty ? nil : .array(names.map(JSONValue.string))
        }
        switch type {
        case "lab_report":
            let results = sections.filter { $0["kind"]?.stringValue == "results" }.flatMap { $0["codes"]?.arrayValue ?? [] }
                .filter { $0["system"]?.stringValue == loincSystem }
                .map { code in
                    JSONValue.object([("test_name", code["display"] ?? code["code"]), ("loinc_code", code["code"])])
                }
            return StructuredItem(docType: type, fields: [
                ("patient_name", patient?["name"]), ("birth_date", patient?["birth_date"]),
                ("collection_date", s["effective_time"]), ("ordering_provider", s["author"]),
                ("lab_name", organization), ("results", results.isEmpty ? nil : .array(results)),
            ])
        case "patient_record":
            return StructuredItem(docType: type, fields: [
                ("patient_name", patient?["name"]), ("birth_date", patient?["birth_date"]),
                ("gender", patient?["gender"]), ("patient_id", patientID),
            ])
        case "other":
            return StructuredItem(docType: type, fields: [])
        default:
            return StructuredItem(docType: type, fields: [
                ("patient_name", patient?["name"]), ("birth_date", patient?["birth_date"]),
                ("gender", patient?["gender"]), ("patient_id", patientID),
                ("document_date", s["effective_time"]), ("author_name", s["author"]),
                ("organization", organization),
                ("problems", displays("problems")), ("medications", displays("medications")),
                ("allergies", displays("allergies")),
            ])
        }
    }

    // MARK: FHIR

    /// The resource that decides a Bundle's type, most specific first.
    static let fhirMainResources = ["Claim", "ExplanationOfBenefit", "DiagnosticReport", "MedicationRequest", "Observation", "Patient"]

    static func fhir(_ s: JSONValue, message: String) -> [StructuredItem]? {
        let resources = s["resources"]?.arrayValue ?? s["resource"].map { [$0] } ?? []
        func ofType(_ type: String) -> [JSONValue] { resources.filter { $0["resourceType"]?.stringValue == type } }
        guard let mainType = fhirMainResources.first(where: { !ofType($0).isEmpty }), let main = ofType(mainType).first,
              let summary = main["summary"] else { return nil }
        let patient = ofType("Patient").first?["summary"]
        let patientName = patient?["name"]
        switch mainType {
        case "Patient":
            return [StructuredItem(docType: "patient_record", fields: [
                ("patient_name", summary["name"]), ("birth_date", summary["birth_date"]),
                ("gender", summary["gender"]), ("patient_id", summary["identifier"]),
                ("address", address(main["content"]?["address"])),
            ])]
        case "Claim":
            return [StructuredItem(docType: "claim", fields: [
                ("patient_name", summary["patient"] ?? patientName), ("member_id", summary["member_id"]),
                ("provider_name", summary["provider"]), ("provider_npi", npi(main["content"]?["provider"])),
                ("diagnosis_codes", nonEmpty(summary["diagnosis_codes"])), ("service_date", summary["billable_start"]),
                ("total_charge", summary["total"]), ("claim_number", summary["identifier"]),
            ])]
        case "ExplanationOfBenefit":
            func total(_ categories: Set<String>) -> JSONValue? {
                summary["totals"]?.arrayValue?.first { categories.contains($0["category"]?.stringValue ?? "") }?["amount"]
            }
            return [StructuredItem(docType: "explanation_of_benefits", fields: [
                ("member_name", summary["patient"] ?? patientName), ("member_id", summary["member_id"]),
                ("claim_number", main["content"]?["claim"]?["identifier"]?["value"] ?? main["content"]?["claim"]?["display"]),
                ("service_date", summary["billable_start"]),
                ("billed_amount", total(["submitted"])), ("allowed_amount", total(["eligible", "allowed"])),
                ("paid_amount", summary["payment"] ?? total(["benefit"])),
                ("patient_responsibility", total(["copay", "deductible", "patientpay", "coinsurance"])),
            ])]
        case "MedicationRequest":
            return [StructuredItem(docType: "prescription", fields: [
                ("patient_name", patientName ?? main["content"]?["subject"]?["display"]), ("birth_date", patient?["birth_date"]),
                ("prescriber_name", summary["requester"]), ("drug_name", summary["medication"]?["display"] ?? summary["medication"]?["code"]),
                ("dose", summary["dosage"]), ("quantity", summary["quantity"]), ("refills", summary["refills"]),
                ("prescription_date", summary["authored_on"]),
            ])]
        default:  // DiagnosticReport or Observation
            let observations = ofType("Observation").compactMap { $0["summary"] }
            let results: [JSONValue] = observations.map { o in
                let low = o["reference_low"]?.stringValue, high = o["reference_high"]?.stringValue
                let range: String? = low != nil || high != nil ? "\(low ?? "")-\(high ?? "")" : nil
                let loinc = o["code"]?["system"]?.stringValue == "http://loinc.org" ? o["code"]?["code"] : nil
                return .object([
                    ("test_name", o["code"]?["display"] ?? o["code"]?["code"]), ("loinc_code", loinc),
                    ("value", o["value"].flatMap { $0.stringValue.map(JSONValue.string) }), ("unit", o["unit"]),
                    ("reference_range", range.map(JSONValue.string)), ("abnormal_flag", o["interpretation"]),
                ])
            }
            return [StructuredItem(docType: "lab_report", fields: [
                ("patient_name", patientName), ("birth_date", patient?["birth_date"]),
                ("collection_date", summary["effective"] ?? observations.first?["effective"]),
                ("lab_name", summary["performer"]), ("results", results.isEmpty ? nil : .array(results)),
            ])]
        }
    }

    static func nonEmpty(_ value: JSONValue?) -> JSONValue? {
        if case .array(let items)? = value, items.isEmpty { return nil }
        return value
    }

    /// A FHIR Address as one line: `line, city, state postalCode, country`.
    static func address(_ value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        let first = value.arrayValue?.first ?? value
        let lines = first["line"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
        let cityLine = [first["city"]?.stringValue, [first["state"]?.stringValue, first["postalCode"]?.stringValue]
            .compactMap { $0 }.joined(separator: " ")].compactMap { $0 }.filter { !$0.isEmpty }
        let parts = lines + cityLine + [first["country"]?.stringValue].compactMap { $0 }
        return parts.isEmpty ? nil : .string(parts.joined(separator: ", "))
    }

    /// An NPI from a reference's identifier when its system is the US NPI registry.
    static func npi(_ reference: JSONValue?) -> JSONValue? {
        guard let identifier = reference?["identifier"], identifier["system"]?.stringValue == "http://hl7.org/fhir/sid/us-npi" else { return nil }
        return identifier["value"]
    }
}
