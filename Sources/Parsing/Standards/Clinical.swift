import Foundation

/// HL7 CDA R2 documents (C-CDA, QRDA): the header and the coded sections.
enum CDA {
    /// LOINC document codes → document kind.
    static let documentKinds: [String: String] = [
        "34133-9": "continuity_of_care_document", "18842-5": "discharge_summary", "11506-3": "progress_note",
        "11488-4": "consultation_note", "34117-2": "history_and_physical", "11504-8": "operative_note",
        "28570-0": "procedure_note", "57133-1": "referral_note", "18761-7": "transfer_summary",
        "11502-2": "laboratory_report", "18748-4": "diagnostic_imaging_report", "55182-0": "quality_measure_report",
        "34746-8": "nurse_note", "52521-2": "overall_plan_of_care", "57016-8": "privacy_consent",
    ]
    /// LOINC section codes → section kind.
    static let sectionKinds: [String: String] = [
        "11450-4": "problems", "10160-0": "medications", "48765-2": "allergies", "30954-2": "results",
        "46240-8": "encounters", "47519-4": "procedures", "11369-6": "immunizations", "8716-3": "vital_signs",
        "29762-2": "social_history", "10157-6": "family_history", "18776-5": "plan_of_care",
    ]

    static let namespace = "urn:hl7-org:v3"

    static func recognize(_ root: XMLElement) -> JSONValue? {
        guard root.name == "ClinicalDocument", root.namespace == namespace else { return recognizeFragment(root) }
        let code = root.child("code")
        let loinc = code?.attribute("code")
        let kind = loinc.flatMap { documentKinds[$0] } ?? "clinical_document"
        let patientRole = root.at("recordTarget", "patientRole")
        let patient = patientRole?.child("patient")
        let author = root.at("author", "assignedAuthor")
        let sections = root.at("component", "structuredBody")?.all("component", "section") ?? []
        return .object([
            ("name", .string("hl7-cda")),
            ("message", .string(kind)),
            ("document_code", Lift.string(loinc)),
            ("document_code_name", Lift.string(code?.attribute("displayName"))),
            ("template_ids", .array(root.children("templateId").compactMap { $0.attribute("root") }.map(JSONValue.string))),
            ("title", Lift.string(root.child("title"))),
            ("effective_time", Lift.date(root.child("effectiveTime")?.attribute("value"))),
            ("patient", .object([
                ("name", Lift.string(personName(patient?.child("name")))),
                ("given", Lift.string(patient?.at("name", "given"))),
                ("family", Lift.string(patient?.at("name", "family"))),
                ("birth_date", Lift.date(patient?.child("birthTime")?.attribute("value"))),
                ("gender", Lift.string(gender(patient?.child("administrativeGenderCode")?.attribute("code")))),
                ("identifiers", .array((patientRole?.children("id") ?? []).map { id in
                    .object([("root", Lift.string(id.attribute("root"))), ("extension", Lift.string(id.attribute("extension")))])
                })),
            ])),
            ("author", Lift.string(personName(author?.at("assignedPerson", "name")))),
            ("author_organization", Lift.string(author?.at("representedOrganization", "name"))),
            ("custodian", Lift.string(root.at("custodian", "assignedCustodian", "representedCustodianOrganization", "name"))),
            ("provider_organization", Lift.string(patientRole?.at("providerOrganization", "name"))),
            ("sections", .array(sections.map(section))),
        ])
    }

    static func section(_ s: XMLElement) -> JSONValue {
        let code = s.child("code")?.attribute("code")
        return sectionObject(kind: code.flatMap { sectionKinds[$0] } ?? "other", code: Lift.string(code),
                             title: Lift.string(s.child("title")), entries: s.children("entry"))
    }

    /// One section as the standard reports it; a fragment that is a lone entry reports itself
    /// through the same shape.
    static func sectionObject(kind: String, code: JSONValue?, title: JSONValue?, entries: [XMLElement]) -> JSONValue {
        .object([
            ("kind", .string(kind)), ("code", code), ("title", title),
            ("entry_count", .number(String(entries.count))), ("codes", .array(codes(in: entries))),
        ])
    }

    /// HL7 v3's own vocabularies (ActClass, ActCode, ActStatus, ObservationInterpretation, …)
    /// code the structure of an entry (`CONC`, `ASSERTION`), not a clinical concept.
    static let structuralVocabularyArc = "2.16.840.1.113883.5."

    /// The coded clinical concepts (`code` and `value` elements with a code system outside
    /// HL7's structural vocabularies) under the entries, each code once, in document order.
    static func codes(in entries: [XMLElement]) -> [JSONValue] {
        var seen = Set<String>()
        var codes: [JSONValue] = []
        for entry in entries {
            for element in entry.descendants("code") + entry.descendants("value") {
                guard let value = element.attribute("code"), let system = element.attribute("codeSystem"),
                      !system.hasPrefix(structuralVocabularyArc) else { continue }
                let key = "\(system)|\(value)"
                guard seen.insert(key).inserted else { continue }
                codes.append(.object([
                    ("code", .string(value)), ("system", .string(system)),
                    ("display", Lift.string(element.attribute("displayName"))),
                ]))
            }
        }
        return codes
    }

    static func personName(_ name: XMLElement?) -> String? {
        guard let name else { return nil }
        let given = name.children("given").compactMap(\.text)
        let family = name.children("family").compactMap(\.text)
        let parts = given + family
        return parts.isEmpty ? name.text : parts.joined(separator: " ")
    }

    static func gender(_ code: String?) -> String? {
        switch code?.uppercased() {
        case "M": return "male"
        case "F": return "female"
        case "UN", "O": return "other"
        case nil: return nil
        default: return "unknown"
        }
    }
}

/// HL7 FHIR resources in XML: the resource converted to FHIR's JSON shape (elements with
/// `value` attributes become values, repeated elements arrays), plus a short summary of the
/// key elements for the resource types Docket maps to results.
enum FHIR {
    static let namespace = "http://hl7.org/fhir"

    static func recognize(_ root: XMLElement) -> JSONValue? {
        guard root.namespace == namespace else { return nil }
        var facts: [(String, JSONValue?)] = [("name", .string("fhir")), ("message", .string(root.name))]
        if root.name == "Bundle" {
            let resources = root.all("entry", "resource").compactMap { $0.children.first }
            facts.append(("bundle_type", Lift.string(root.child("type")?.attribute("value"))))
            facts.append(("resources", .array(resources.map(resource))))
        } else {
            facts.append(("resource", resource(root)))
        }
        return .object(facts)
    }

    static func resource(_ r: XMLElement) -> JSONValue {
        .object([("resourceType", .string(r.name)), ("summary", summary(r)), ("content", convert(r))])
    }

    /// Generic XML → JSON shape for FHIR: `value` attributes are the values.
    static func convert(_ element: XMLElement) -> JSONValue {
        let value = element.attribute("value")
        let children = element.children
        if let value, children.isEmpty { return .string(value) }
        var order: [String] = []
        var groups: [String: [JSONValue]] = [:]
        if let value { order.append("value"); groups["value"] = [.string(value)] }
        for child in children where !child.hasName("text") || child.namespace == namespace {
            if groups[child.name] == nil { order.append(child.name) }
            groups[child.name, default: []].append(convert(child))
        }
        if let url = element.attribute("url") { order.insert("url", at: 0); groups["url"] = [.string(url)] }
        return .object(order.map { key in (key, groups[key]!.count == 1 ? groups[key]![0] : .array(groups[key]!)) })
    }

    static func value(_ element: XMLElement?, _ path: String...) -> JSONValue? {
        element?.at(path)?.attribute("value").map(JSONValue.string)
    }

    static func coding(_ concept: XMLElement?) -> JSONValue? {
        guard let concept else { return nil }
        let coding = concept.child("coding")
        return .object([
            ("system", value(coding, "system")), ("code", value(coding, "code")),
            ("display", value(coding, "display") ?? value(concept, "text")),
        ])
    }

    static func summary(_ r: XMLElement) -> JSONValue? {
        switch r.name {
        case "Patient":
            let name = r.child("name")
            let given = name?.children("given").compactMap { $0.attribute("value") } ?? []
            let family = name?.child("family")?.attribute("value")
            return .object([
                ("name", Lift.string((given + [family].compactMap { $0 }).joined(separator: " "))),
                ("birth_date", Lift.date(r.child("birthDate")?.attribute("value"))),
                ("gender", value(r, "gender")),
                ("identifier", value(r, "identifier", "value")),
            ])
        case "Observation":
            return .object([
                ("code", coding(r.child("code"))),
                ("value", Lift.amount(r.at("valueQuantity", "value")?.attribute("value")) ?? value(r, "valueString")),
                ("unit", value(r, "valueQuantity", "unit")),
                ("effective", Lift.date(r.child("effectiveDateTime")?.attribute("value"))),
                ("interpretation", value(r, "interpretation", "coding", "code")),
                ("reference_low", Lift.amount(r.at("referenceRange", "low", "value")?.attribute("value"))),
                ("reference_high", Lift.amount(r.at("referenceRange", "high", "value")?.attribute("value"))),
                ("subject", value(r, "subject", "reference")),
            ])
        case "DiagnosticReport":
            return .object([
                ("code", coding(r.child("code"))),
                ("effective", Lift.date(r.child("effectiveDateTime")?.attribute("value"))),
                ("issued", Lift.date(r.child("issued")?.attribute("value"))),
                ("performer", value(r, "performer", "display")),
                ("subject", value(r, "subject", "reference")),
                ("result_count", .number(String(r.children("result").count))),
            ])
        case "MedicationRequest":
            return .object([
                ("medication", coding(r.child("medicationCodeableConcept"))),
                ("dosage", value(r, "dosageInstruction", "text")),
                ("quantity", Lift.amount(r.at("dispenseRequest", "quantity", "value")?.attribute("value"))),
                ("refills", Lift.integer(r.at("dispenseRequest", "numberOfRepeatsAllowed")?.attribute("value"))),
                ("authored_on", Lift.date(r.child("authoredOn")?.attribute("value"))),
                ("requester", value(r, "requester", "display")),
                ("subject", value(r, "subject", "reference")),
            ])
        case "Claim", "ExplanationOfBenefit":
            let diagnoses = r.children("diagnosis").compactMap { $0.at("diagnosisCodeableConcept", "coding", "code")?.attribute("value") }
            let totals = r.children("total").map { total in
                JSONValue.object([
                    ("category", value(total, "category", "coding", "code")),
                    ("amount", Lift.amount(total.at("amount", "value")?.attribute("value"))),
                    ("currency", value(total, "amount", "currency")),
                ])
            }
            return .object([
                ("identifier", value(r, "identifier", "value")),
                ("status", value(r, "status")),
                ("patient", value(r, "patient", "display") ?? value(r, "patient", "reference")),
                ("provider", value(r, "provider", "display") ?? value(r, "provider", "reference")),
                ("insurer", value(r, "insurer", "display")),
                ("billable_start", Lift.date(r.at("billablePeriod", "start")?.attribute("value"))),
                ("diagnosis_codes", .array(diagnoses.map(JSONValue.string))),
                ("total", Lift.amount(r.at("total", "value")?.attribute("value"))),
                ("totals", .array(totals)),
                ("payment", Lift.amount(r.at("payment", "amount", "value")?.attribute("value"))),
                ("member_id", value(r, "insurance", "coverage", "identifier", "value")),
            ])
        default:
            return nil
        }
    }
}
