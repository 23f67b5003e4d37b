import Foundation
import Parsing

extension ResultSchema {
    /// What is wrong with one field's value under its rule; empty when it is valid.
    public static func problems(_ value: JSONValue, _ rule: FieldRule) -> [String] {
        switch (rule.kind, value) {
        case (_, .null):
            return []
        case (.string, .string(let text)):
            return textProblems(text, rule)
        case (.date, .string(let text)):
            return isISODate(text) ? [] : ["\(rule.name): '\(text)' is not a date (YYYY-MM-DD)"]
        case (.number, .number(let text)), (.integer, .number(let text)):
            guard let number = Double(text) else { return ["\(rule.name): '\(text)' is not a number"] }
            if case .integer = rule.kind, number.rounded() != number { return ["\(rule.name): \(text) is not a whole number"] }
            if let minimum = rule.minimum, number < minimum { return ["\(rule.name): \(text) is below \(minimum)"] }
            if let maximum = rule.maximum, number > maximum { return ["\(rule.name): \(text) is above \(maximum)"] }
            return []
        case (.boolean, .bool):
            return []
        case (.array(let items), .array(let values)):
            return values.flatMap { problems($0, items) }
        case (.object(let fields, let required), .object(let pairs)):
            var found: [String] = []
            for name in required where !pairs.contains(where: { $0.0 == name && $0.1 != .null }) {
                found.append("\(rule.name).\(name) is required")
            }
            for (key, item) in pairs {
                guard let field = fields.first(where: { $0.name == key }) else { found.append("\(rule.name).\(key) is not in the schema"); continue }
                found += problems(item, field).map { "\(rule.name).\($0)" }
            }
            return found
        default:
            return ["\(rule.name): expected \(kindName(rule.kind)), got \(valueName(value))"]
        }
    }

    /// Validates a whole field set: unknown names, wrong types, missing required fields.
    public func problems(_ fields: [(String, JSONValue)]) -> [String] {
        var found: [String] = []
        for (name, value) in fields {
            guard let rule = rule(name) else { found.append("\(name) is not a field of \(docType)"); continue }
            found += Self.problems(value, rule)
        }
        for name in required where !fields.contains(where: { $0.0 == name && $0.1 != .null }) {
            found.append("\(name) is required")
        }
        for group in requiredOneOf where !fields.contains(where: { group.contains($0.0) && $0.1 != .null }) {
            found.append("one of \(group.joined(separator: ", ")) is required")
        }
        return found
    }

    static func textProblems(_ text: String, _ rule: FieldRule) -> [String] {
        if let allowed = rule.allowed, !allowed.contains(text) {
            return ["\(rule.name): '\(text)' is not one of \(allowed.joined(separator: ", "))"]
        }
        if let pattern = rule.pattern, text.range(of: pattern, options: .regularExpression) == nil {
            return ["\(rule.name): '\(text)' does not match \(pattern)"]
        }
        return []
    }

    /// A real calendar date written `YYYY-MM-DD`.
    public static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    static func kindName(_ kind: Kind) -> String {
        switch kind {
        case .string: return "text"
        case .date: return "a date"
        case .number: return "a number"
        case .integer: return "a whole number"
        case .boolean: return "true or false"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    static func valueName(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "text '\(s.prefix(40))'"
        case .number(let n): return "the number \(n)"
        case .bool(let b): return "\(b)"
        case .array: return "a list"
        case .object: return "an object"
        case .null: return "null"
        }
    }
}
