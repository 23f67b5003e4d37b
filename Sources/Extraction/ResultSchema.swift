import Foundation

/// The result schema of one document type: `schemas/<type>.json`, a subset of JSON Schema
/// (types, `format: date`, `required`, `enum`, `pattern`, `minimum`/`maximum`, `items`,
/// nested `properties`, and at the top an `anyOf` of `required` lists for "one of these") plus `x-mask: tin` for numbers that are stored masked and `x-shape`
/// (`name`, `identifier`, `tax_id`, `money`) for what a field's value looks like on the page.
/// Field names are the contract with SQL users: they become the columns of the type's view.
public struct ResultSchema: Sendable, Equatable {
    public indirect enum Kind: Equatable, Sendable {
        case string, number, integer, boolean, date
        case array(FieldRule)
        case object([FieldRule], required: [String])
    }

    public struct FieldRule: Equatable, Sendable {
        public var name: String
        public var kind: Kind
        public var allowed: [String]?
        public var pattern: String?
        public var minimum: Double?
        public var maximum: Double?
        public var maskedAsTIN: Bool
        /// What the value looks like: only candidates of this shape are scored for the field.
        public var shape: ValueShape? = nil
    }

    public var docType: String
    public var description: String
    /// In the order the file lists them.
    public var fields: [FieldRule]
    public var required: [String]
    /// Groups of which at least one field is needed (`anyOf: [{required: [a]}, {required: [b]}]`):
    /// a statement names its account by IBAN or, in the US, by account number.
    public var requiredOneOf: [[String]] = []

    public func rule(_ name: String) -> FieldRule? { fields.first { $0.name == name } }

    /// Reads `<folder>/<type>.json`.
    public static func load(type: String, folder: String) throws -> ResultSchema {
        let path = (folder as NSString).appendingPathComponent("\(type).json")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ExtractionError("schema_missing", "no schema for type '\(type)': \(path) does not exist")
        }
        let root = try ConfigNode.load(path)
        try root.onlyKeys(["$schema", "$id", "title", "description", "type", "properties", "required", "anyOf",
                           "additionalProperties"], in: "the schema")
        guard try root["type"]?.string("type") == "object" else { throw root.fail("a result schema must have type: object") }
        let description = try root["description"]?.string("description") ?? type
        let (fields, required) = try objectRules(root, what: "the schema")
        var schema = ResultSchema(docType: type, description: description, fields: fields, required: required)
        if let anyOf = root["anyOf"] {
            let group = try anyOf.array("anyOf").map { alternative -> String in
                try alternative.onlyKeys(["required"], in: "anyOf")
                let names = try alternative["required"]?.array("required").map { try $0.string("a required name") } ?? []
                guard names.count == 1, let name = names.first else {
                    throw alternative.fail("each anyOf alternative names one required field")
                }
                guard fields.contains(where: { $0.name == name }) else {
                    throw alternative.fail("anyOf requires '\(name)', which is not among the properties")
                }
                return name
            }
            guard group.count >= 2 else { throw anyOf.fail("anyOf needs at least two alternatives") }
            schema.requiredOneOf = [group]
        }
        return schema
    }

    static func objectRules(_ node: ConfigNode, what: String) throws -> ([FieldRule], [String]) {
        let fields = try (node["properties"]?.entries("properties") ?? []).map { name, spec in try rule(name, spec) }
        let required = try (node["required"]?.array("required") ?? []).map { try $0.string("a required name") }
        for name in required where !fields.contains(where: { $0.name == name }) {
            throw node.fail("\(what) requires '\(name)', which is not among its properties")
        }
        return (fields, required)
    }

    static func rule(_ name: String, _ spec: ConfigNode) throws -> FieldRule {
        try spec.onlyKeys(["type", "format", "enum", "pattern", "minimum", "maximum", "items", "properties", "required",
                           "description", "x-mask", "x-shape"], in: "property '\(name)'")
        let type = try spec["type"]?.string("type of '\(name)'") ?? ""
        let kind: Kind
        switch type {
        case "string":
            let format = try spec["format"]?.string("format")
            guard format == nil || format == "date" else { throw spec.fail("'\(name)': format \(format!) is not supported (only date)") }
            kind = format == "date" ? .date : .string
        case "number": kind = .number
        case "integer": kind = .integer
        case "boolean": kind = .boolean
        case "array":
            guard let items = spec["items"] else { throw spec.fail("array '\(name)' needs items") }
            kind = .array(try rule(name, items))
        case "object":
            let (fields, required) = try objectRules(spec, what: "object '\(name)'")
            kind = .object(fields, required: required)
        default:
            throw spec.fail("'\(name)' has type '\(type)'; use string, number, integer, boolean, array or object")
        }
        let pattern = try spec["pattern"]?.string("pattern")
        if let pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            throw spec.fail("'\(name)': pattern \(pattern) is not a valid regular expression")
        }
        let mask = try spec["x-mask"]?.string("x-mask")
        guard mask == nil || mask == "tin" else { throw spec.fail("'\(name)': x-mask \(mask!) is not supported (only tin)") }
        let shapeName = try spec["x-shape"]?.string("x-shape")
        let shape = shapeName.flatMap(ValueShape.init(rawValue:))
        guard shapeName == nil || shape != nil else {
            throw spec.fail("'\(name)': x-shape \(shapeName!) is not supported (name, identifier, tax_id or money)")
        }
        guard shape == nil || (shape == .money) == (kind == .number) && (shape == .money || kind == .string) else {
            throw spec.fail("'\(name)': x-shape money applies to number fields, name, identifier and tax_id to string fields")
        }
        return FieldRule(name: name, kind: kind, allowed: try spec["enum"]?.array("enum").map { try $0.string("an enum value") },
                         pattern: pattern, minimum: try spec["minimum"]?.double("minimum"),
                         maximum: try spec["maximum"]?.double("maximum"), maskedAsTIN: mask == "tin", shape: shape)
    }
}
