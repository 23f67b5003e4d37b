import Foundation

/// A file mapped read-only into memory. Owns the mapping and unmaps it on deinit; tensors
/// point into it, so weights are paged in by the kernel instead of copied.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InferenceError("model_unreadable", "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InferenceError("model_unreadable", "cannot stat \(path)") }
        let size = Int(info.st_size)
        guard size > 0 else { throw InferenceError("model_corrupt", "\(path) is empty") }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw InferenceError("model_unreadable", "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
