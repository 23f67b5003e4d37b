import Foundation

/// Byte searches over document buffers with libc's memchr/memcmp: Foundation's generic
/// `Data.firstRange(of:)` walks element by element through protocol witnesses and was the
/// hottest function of the XML path.
enum ByteSearch {
    /// Offset of the first occurrence of `needle` in the first `limit` bytes of `data`.
    static func offset(of needle: String, in data: Data, limit: Int = .max) -> Int? {
        let pattern = Array(needle.utf8)
        return data.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            let length = min(raw.count, limit)
            guard let first = pattern.first, pattern.count <= length else { return nil }
            // memmem is a GNU extension the Swift importer does not expose: memchr the first byte,
            // then memcmp the rest.
            var offset = 0
            while offset + pattern.count <= length,
                  let hit = memchr(base + offset, Int32(first), length - offset - pattern.count + 1) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if pattern.withUnsafeBytes({ memcmp(base + at, $0.baseAddress!, $0.count) }) == 0 { return at }
                offset = at + 1
            }
            return nil
        }
    }

    /// Offset of the first `<` that opens an element (a letter or `_` follows), within `limit`.
    static func firstElementStart(in data: Data, limit: Int) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            let length = min(raw.count, limit)
            var offset = 0
            while offset < length, let hit = memchr(base + offset, Int32(UInt8(ascii: "<")), length - offset) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                guard at + 1 < length else { return nil }
                let c = raw[at + 1]
                if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 { return at }
                offset = at + 1
            }
            return nil
        }
    }
}
