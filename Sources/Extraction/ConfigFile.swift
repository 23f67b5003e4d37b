import Foundation
import Yams

/// A YAML (or JSON, which is YAML) configuration file read into nodes that remember their line,
/// so every complaint names the file, the line and what is wrong. Mappings keep their order.
struct ConfigNode {
    let node: Node
    let file: String

    static func load(_ path: String) throws -> ConfigNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExtractionError("pipeline_missing", "\(path) does not exist or cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExtractionError.invalid(path, line: nil, "not UTF-8 text")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ExtractionError.invalid(path, line: nil, "the file is empty")
            }
            return ConfigNode(node: node, file: path)
        } catch let error as YamlError {
            throw ExtractionError.invalid(path, line: Self.line(of: error), "not valid YAML: \(Self.problem(of: error))")
        }
    }

    var line: Int? { node.mark?.line }

    func fail(_ what: String) -> ExtractionError { .invalid(file, line: line, what) }

    /// The mapping's entries in file order; anything else is an error naming `what`.
    func entries(_ what: String) throws -> [(String, ConfigNode)] {
        guard let mapping = node.mapping else { throw fail("\(what) must be a mapping") }
        return try mapping.map { key, value in
            guard let name = key.string else { throw ConfigNode(node: key, file: file).fail("\(what) has a key that is not text") }
            return (name, ConfigNode(node: value, file: file))
        }
    }

    subscript(key: String) -> ConfigNode? {
        node.mapping?[key].map { ConfigNode(node: $0, file: file) }
    }

    func string(_ what: String) throws -> String {
        guard node.scalar != nil, let value = node.string else { throw fail("\(what) must be text") }
        return value
    }

    func double(_ what: String) throws -> Double {
        guard let value = node.float ?? node.int.map(Double.init) else { throw fail("\(what) must be a number") }
        return value
    }

    func int(_ what: String) throws -> Int {
        guard let value = node.int else { throw fail("\(what) must be a whole number") }
        return value
    }

    func bool(_ what: String) throws -> Bool {
        guard let value = node.bool else { throw fail("\(what) must be true or false") }
        return value
    }

    func array(_ what: String) throws -> [ConfigNode] {
        guard let sequence = node.sequence else { throw fail("\(what) must be a list") }
        return sequence.map { ConfigNode(node: $0, file: file) }
    }

    /// Keys outside `known` are refused, so a typo does not silently fall back to a default.
    func onlyKeys(_ known: Set<String>, in what: String) throws {
        for (key, value) in try entries(what) where !known.contains(key) {
            throw value.fail("\(what) has an unknown key '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}
