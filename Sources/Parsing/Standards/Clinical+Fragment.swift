import Foundation

/// C-CDA fragments: a section or a single entry (an allergy, a medication, a result) sent on
/// its own, as implementation guides and interface specifications publish them and as systems
/// exchange them between whole documents. They often carry no namespace declaration at all
/// (and an undeclared `xsi:` prefix that libxml2 recovers from), so the root's namespace cannot
/// decide; the C-CDA template ids (`2.16.840.1.113883.10.20.…`) on the root or its first level
/// can. Without this a fragment was generic XML, left to the zero-shot type of its text.
extension CDA {
    /// The OID arc every C-CDA (and QRDA) template id lives under.
    static let templateArc = "2.16.840.1.113883.10.20."

    /// Entry template ids (C-CDA R2.1) → the section kind their entries belong to, for a fragment
    /// that is one entry without its section.
    static let entryTemplateKinds: [String: String] = [
        "2.16.840.1.113883.10.20.22.4.30": "allergies", "2.16.840.1.113883.10.20.22.4.7": "allergies",
        "2.16.840.1.113883.10.20.22.4.3": "problems", "2.16.840.1.113883.10.20.22.4.4": "problems",
        "2.16.840.1.113883.10.20.22.4.16": "medications", "2.16.840.1.113883.10.20.22.4.1": "results",
        "2.16.840.1.113883.10.20.22.4.2": "results", "2.16.840.1.113883.10.20.22.4.52": "immunizations",
        "2.16.840.1.113883.10.20.22.4.26": "vital_signs", "2.16.840.1.113883.10.20.22.4.27": "vital_signs",
        "2.16.840.1.113883.10.20.22.4.49": "encounters", "2.16.840.1.113883.10.20.22.4.14": "procedures",
    ]

    static func recognizeFragment(_ root: XMLElement) -> JSONValue? {
        guard root.namespace == nil || root.namespace == namespace, root.name != "ClinicalDocument" else { return nil }
        let ownTemplates = templateIDs(root)
        let templates = ownTemplates + root.children.flatMap(templateIDs)
        guard templates.contains(where: { $0.hasPrefix(templateArc) }) else { return nil }
        let sections: [JSONValue]
        if root.name == "section" {
            sections = [section(root)]
        } else if !root.children("section").isEmpty {
            sections = root.children("section").map(section)
        } else {
            // One entry (or a list of them under some wrapper): a section of the kind its
            // template names, holding the root as its only entry.
            let kind = templates.lazy.compactMap { entryTemplateKinds[$0] }.first ?? "other"
            sections = [sectionObject(kind: kind, code: nil, title: nil, entries: [root])]
        }
        let author = root.descendants("assignedAuthor").first
        return .object([
            ("name", .string("hl7-cda")),
            ("message", .string("fragment")),
            ("fragment_root", .string(root.name)),
            ("template_ids", .array(ownTemplates.map(JSONValue.string))),
            ("title", Lift.string(root.child("title"))),
            ("author", Lift.string(personName(author?.at("assignedPerson", "name")))),
            ("sections", .array(sections)),
        ])
    }

    private static func templateIDs(_ element: XMLElement) -> [String] {
        element.children("templateId").compactMap { $0.attribute("root") }
    }
}
