import Foundation

/// XBRL 2.1 instance documents: contexts, units and every fact with its concept.
enum XBRL {
    static let instanceNamespace = "http://www.xbrl.org/2003/instance"

    static func recognize(_ root: XMLElement) -> JSONValue? {
        guard root.name == "xbrl", root.namespace == instanceNamespace else { return nil }
        var contexts: [String: (entity: String?, scheme: String?, start: String?, end: String?, dimensional: Bool)] = [:]
        var contextOrder: [String] = []
        var units: [String: String] = [:]
        var facts: [JSONValue] = []
        for child in root.children {
            // Compared in place: an instance has thousands of facts, and building each one's name
            // and namespace URI as strings just to test them was most of this recognizer's time.
            if child.isElement("context", in: instanceNamespace) {
                guard let id = child.attribute("id") else { continue }
                let identifier = child.at("entity", "identifier")
                let period = child.child("period")
                let instant = Lift.date(period?.child("instant")?.text)?.stringValue
                contexts[id] = (identifier?.text, identifier?.attribute("scheme"),
                                Lift.date(period?.child("startDate")?.text)?.stringValue ?? instant,
                                Lift.date(period?.child("endDate")?.text)?.stringValue ?? instant,
                                child.at("entity", "segment") != nil || child.child("scenario") != nil)
                contextOrder.append(id)
            } else if child.isElement("unit", in: instanceNamespace) {
                guard let id = child.attribute("id") else { continue }
                let measures = child.descendants("measure").compactMap(\.text)
                units[id] = measures.joined(separator: "/")
            } else {
                guard let contextRef = child.attribute("contextRef") else { continue }
                // Built pair by pair into a reserved array: an instance has thousands of facts, and
                // the optional-pairs form made and filtered a second array for each.
                var pairs: [(String, JSONValue)] = []
                pairs.reserveCapacity(5)
                pairs.append(("concept", .string(child.qualifiedName)))
                if let value = child.text { pairs.append(("value", .string(value))) }
                pairs.append(("context", .string(contextRef)))
                if let unit = child.attribute("unitRef") { pairs.append(("unit", .string(unit))) }
                if let decimals = child.attribute("decimals") { pairs.append(("decimals", .string(decimals))) }
                facts.append(.object(pairs))
            }
        }
        // The reporting period: the latest end date among contexts without dimensions.
        let plain = contextOrder.compactMap { contexts[$0] }.filter { !$0.dimensional }
        let periodEnd = (plain.isEmpty ? contextOrder.compactMap { contexts[$0] } : plain).compactMap(\.end).max()
        let entity = contextOrder.compactMap { contexts[$0]?.entity }.first
        let currencies = Set(units.values.filter { $0.hasPrefix("iso4217:") }.map { String($0.dropFirst(8)) })
        let registrant = facts.first { $0["concept"]?.stringValue?.hasSuffix("EntityRegistrantName") == true }?["value"]
        return .object([
            ("name", .string("xbrl")),
            ("message", .string("instance")),
            ("entity_identifier", Lift.string(entity)),
            ("entity_scheme", Lift.string(contextOrder.compactMap { contexts[$0]?.scheme }.first)),
            ("entity_name", registrant),
            ("period_end", Lift.string(periodEnd)),
            ("currency", currencies.count == 1 ? .string(currencies.first!) : nil),
            ("currencies", .array(currencies.sorted().map(JSONValue.string))),
            ("context_count", .number(String(contextOrder.count))),
            ("units", .object(units.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
            ("contexts", .object(contextOrder.compactMap { id in
                contexts[id].map { c in
                    (id, JSONValue.object([("start", Lift.string(c.start)), ("end", Lift.string(c.end)),
                                           ("dimensional", .bool(c.dimensional))]))
                }
            })),
            ("fact_count", .number(String(facts.count))),
            ("facts", .array(facts)),
        ])
    }
}
