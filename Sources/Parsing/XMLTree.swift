import CLibXML2
import Foundation

/// A parsed XML document. Owns the libxml2 `xmlDoc` and frees it on deinit; elements borrow it.
public final class XMLTree {
    let doc: xmlDocPtr

    init(doc: xmlDocPtr) { self.doc = doc }
    deinit { xmlFreeDoc(doc) }

    public var root: XMLElement? {
        xmlDocGetRootElement(doc).map { XMLElement(node: $0, tree: self) }
    }
}

/// An element of an `XMLTree`. Names are matched by local name; the standard recognizers check
/// the root's namespace first, so prefixes (which vary between producers) never matter.
public struct XMLElement {
    let node: xmlNodePtr
    let tree: XMLTree

    public var name: String { String(cString: node.pointee.name) }
    public var namespace: String? { node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } }
    public var prefix: String? { node.pointee.ns.flatMap { $0.pointee.prefix }.map { String(cString: $0) } }
    /// `prefix:name` as written, for XBRL concept names: one string made from both byte runs.
    public var qualifiedName: String {
        guard let prefix = node.pointee.ns?.pointee.prefix, let own = node.pointee.name else { return name }
        let prefixLength = strlen(prefix), nameLength = strlen(own)
        return String(unsafeUninitializedCapacity: prefixLength + 1 + nameLength) { buffer in
            for i in 0..<prefixLength { buffer[i] = prefix[i] }
            buffer[prefixLength] = UInt8(ascii: ":")
            for i in 0..<nameLength { buffer[prefixLength + 1 + i] = own[i] }
            return prefixLength + 1 + nameLength
        }
    }

    /// Element children in document order.
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current, tree: tree)) }
            child = current.pointee.next
        }
        return result
    }

    public func child(_ name: String) -> XMLElement? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, Self.named(current, name) {
                return XMLElement(node: current, tree: tree)
            }
            child = current.pointee.next
        }
        return nil
    }

    public func children(_ name: String) -> [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, Self.named(current, name) { result.append(XMLElement(node: current, tree: tree)) }
            child = current.pointee.next
        }
        return result
    }

    /// Whether this element is `name` in `namespace`, without building either string.
    public func isElement(_ name: String, in namespace: String) -> Bool {
        guard Self.named(node, name), let href = node.pointee.ns?.pointee.href else { return false }
        return Self.bytesEqual(href, namespace)
    }

    /// Whether this element's local name is `name`.
    public func hasName(_ name: String) -> Bool { Self.named(node, name) }

    /// Whether the node's local name is `name`, compared byte by byte: passing a Swift string
    /// to xmlStrEqual copied it into a new C string on every call of the recognizers' lookups.
    @inline(__always) static func named(_ node: xmlNodePtr, _ name: String) -> Bool {
        guard let own = node.pointee.name else { return false }
        return bytesEqual(own, name)
    }

    /// Over the name's UTF-8 buffer: iterating `name.utf8` went through the generic
    /// collection witnesses, the hottest code of the XBRL recognizer.
    @inline(__always) static func bytesEqual(_ own: UnsafePointer<xmlChar>, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            // `own` ends with NUL and names hold none, so a shorter `own` differs before its end.
            var i = 0
            while i < bytes.count {
                if own[i] != bytes[i] { return false }
                i &+= 1
            }
            return own[i] == 0
        }
    }

    /// Follows a path of child names, taking the first match at each step.
    public func at(_ path: String...) -> XMLElement? { at(path) }
    public func at(_ path: [String]) -> XMLElement? {
        var current: XMLElement? = self
        for step in path { current = current?.child(step) }
        return current
    }

    /// Every element reached by the path, taking all matches at each step.
    public func all(_ path: String...) -> [XMLElement] {
        var level = [self]
        for step in path { level = level.flatMap { $0.children(step) } }
        return level
    }

    /// Descendants with this local name, in document order (iterative: no recursion limits).
    public func descendants(_ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        while true {
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    if Self.named(current, name) { found.append(XMLElement(node: current, tree: tree)) }
                    if let next = current.pointee.next { stack.append(next) }
                    child = current.pointee.children
                } else {
                    child = current.pointee.next
                }
            }
            guard let next = stack.popLast() else { break }
            child = next
        }
        return found
    }

    /// The element's text content with surrounding whitespace trimmed; nil when empty.
    public var text: String? {
        // Most elements the recognizers read hold one text node: read it in place instead of
        // having libxml2 allocate a concatenated copy.
        if let only = node.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE {
            return only.pointee.content.flatMap { Self.trimmedString($0) }
        }
        guard let raw = xmlNodeGetContent(node) else { return nil }
        defer { xmlFree(raw) }
        return Self.trimmedString(raw)
    }

    static func trimmedString(_ raw: UnsafePointer<xmlChar>) -> String? {
        var start = 0, end = strlen(raw)
        while start < end && XMLParser.isSpace(raw[start]) { start += 1 }
        while end > start && XMLParser.isSpace(raw[end - 1]) { end -= 1 }
        return end > start ? String(decoding: UnsafeBufferPointer(start: raw + start, count: end - start), as: UTF8.self) : nil
    }

    /// An attribute's value (any namespace), nil when absent or empty. A plain value is read
    /// from the attribute's text node in place; anything else goes through xmlGetProp.
    public func attribute(_ name: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if let own = current.pointee.name, Self.bytesEqual(own, name) {
                if let only = current.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
                   let content = only.pointee.content {
                    return content[0] == 0 ? nil : String(cString: content)
                }
                break
            }
            property = current.pointee.next
        }
        guard property != nil, let raw = xmlGetProp(node, name) else { return nil }
        defer { xmlFree(raw) }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }

    /// Namespace declarations on this element: prefix (empty for the default) → URI.
    public var namespaceDeclarations: [(String, String)] {
        var result: [(String, String)] = []
        var ns = node.pointee.nsDef
        while let current = ns {
            let prefix = current.pointee.prefix.map { String(cString: $0) } ?? ""
            let href = current.pointee.href.map { String(cString: $0) } ?? ""
            result.append((prefix, href))
            ns = current.pointee.next
        }
        return result
    }
}
