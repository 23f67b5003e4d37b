import Foundation

/// Decodes plain text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Latin-1 (every
/// byte sequence is valid Latin-1, so text never fails; the encoding used is reported).
/// The result is normalized to NFC so that "é" typed two ways compares equal.
public enum TextDecoder {
    public static func decode(_ data: Data) -> (text: String, encoding: String) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(bytes: bytes.dropFirst(3), encoding: .utf8) {
            return (text.precomposedStringWithCanonicalMapping, "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]), let text = String(bytes: bytes.dropFirst(2), encoding: .utf16LittleEndian) {
            return (text.precomposedStringWithCanonicalMapping, "utf-16le")
        }
        if bytes.starts(with: [0xFE, 0xFF]), let text = String(bytes: bytes.dropFirst(2), encoding: .utf16BigEndian) {
            return (text.precomposedStringWithCanonicalMapping, "utf-16be")
        }
        if let text = String(validatingUTF8Bytes: bytes) {
            return (text.precomposedStringWithCanonicalMapping, "utf-8")
        }
        let latin1 = String(bytes.map { Character(Unicode.Scalar($0)) })
        return (latin1.precomposedStringWithCanonicalMapping, "iso-8859-1")
    }
}

extension String {
    /// Strict UTF-8: nil on any invalid sequence (String(decoding:) would substitute U+FFFD).
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}
