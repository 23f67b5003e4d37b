import Foundation

/// Bind parameters encoded once into one contiguous buffer, in binary format, with the
/// pointer arrays libpq's `PQexecParams`/`PQexecPrepared` expect.
struct BoundParameters {
    private(set) var types: [UInt32] = []
    private var storage: [UInt8] = []
    /// Offset into `storage` per parameter, or nil for SQL NULL.
    private var offsets: [Int?] = []
    private var lengths: [Int32] = []

    var count: Int { types.count }

    init(_ parameters: [(any PostgresEncodable)?]) throws {
        for parameter in parameters {
            guard let parameter else {
                types.append(0)  // NULL: let the server infer the type
                offsets.append(nil)
                lengths.append(0)
                continue
            }
            let start = storage.count
            try parameter.encode(into: &storage)
            types.append(type(of: parameter).postgresType.oid)
            offsets.append(start)
            lengths.append(Int32(storage.count - start))
        }
        // A trailing byte keeps the buffer's base address non-nil, so an empty value (such as
        // the empty string) still gets a pointer; libpq would read a NULL pointer as SQL NULL.
        storage.append(0)
    }

    func withPointers<R>(
        _ body: (UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        let formats = [Int32](repeating: 1, count: count)
        return storage.withUnsafeBufferPointer { raw in
            let base = UnsafeRawPointer(raw.baseAddress!)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.map { (base + $0).assumingMemoryBound(to: CChar.self) }
            }
            return types.withUnsafeBufferPointer { t in
                values.withUnsafeBufferPointer { v in
                    lengths.withUnsafeBufferPointer { l in
                        formats.withUnsafeBufferPointer { f in
                            body(t.baseAddress, v.baseAddress, l.baseAddress, f.baseAddress)
                        }
                    }
                }
            }
        }
    }
}
