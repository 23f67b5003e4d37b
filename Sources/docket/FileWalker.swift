import DocketSupport
import Foundation
import Intake
import Queue

/// Expands paths into regular files, skipping what a watched folder would skip too, and reads
/// them. POSIX calls, not FileManager: its enumerator stat'ed every entry and listed its extended
/// attributes, and reading a file's size took another stat, which made `docket enqueue` of 20,000
/// small files spend most of its time in the file system calls of the walk (perf).
enum FileWalker {
    /// Regular files under `paths`, each folder's files sorted by path. `unnamable` hears of
    /// entries whose names are not UTF-8: they cannot be carried as text, so they are reported
    /// instead of being dropped without a word.
    static func files(in paths: [String], unnamable: (String) -> Void = { _ in }) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw SupportError(code: "missing_file", message: "\(path) does not exist")
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { result.append(path); continue }
            let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            var found: [String] = []
            walk(root, relative: "", into: &found, unnamable: unnamable)
            result += found.sorted().map { root + "/" + $0 }
        }
        return result
    }

    /// Depth first; ignored names are skipped with everything below them, and a folder that
    /// cannot be opened is passed over as the enumerator did.
    private static func walk(_ directory: String, relative: String, into found: inout [String],
                             unnamable: (String) -> Void) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
            guard let name = String(validating: raw, as: UTF8.self) else {
                unnamable(directory + "/" + String(decoding: raw, as: UTF8.self))
                continue
            }
            if isIgnored(name) { continue }
            let full = directory + "/" + name
            let path = relative.isEmpty ? name : relative + "/" + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) {
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                type = info.st_mode & S_IFMT == S_IFDIR ? Int32(DT_DIR) : info.st_mode & S_IFMT == S_IFREG ? Int32(DT_REG) : 0
            }
            if type == Int32(DT_DIR) {
                walk(full, relative: path, into: &found, unnamable: unnamable)
            } else if type == Int32(DT_REG) {
                found.append(path)
            }
        }
    }

    /// The same rule a watched inbox applies.
    static func isIgnored(_ name: String) -> Bool { InboxRules.isIgnored(name) }

    /// The file's bytes, refused with `too_large` before reading when it is over `limit`.
    static func read(_ path: String, limit: Int) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw readError(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw readError(path) }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw QueueError(code: "too_large", message: "\(path): \(size) bytes is over the \(limit)-byte document limit")
        }
        // Read to the end, not to the size fstat gave: a file still being written may have grown.
        var data = Data(count: size)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else {
                    throw QueueError(code: "too_large", message: "\(path): more than \(limit) bytes, over the document limit")
                }
                data.count += max(4_096, data.count)
            }
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw readError(path)
            }
            if n == 0 { break }
            filled += n
        }
        data.count = filled
        return data
    }

    private static func readError(_ path: String) -> SupportError {
        SupportError(code: "unreadable", message: "cannot read \(path): \(String(cString: strerror(errno)))")
    }
}
