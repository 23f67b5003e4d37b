import Foundation

/// A file name as the kernel stores it: bytes, not necessarily UTF-8. The inbox works on these so
/// a name in Latin-1 or with invalid UTF-8 is still opened, read and moved exactly; only the
/// name stored in the database is decoded (invalid bytes become U+FFFD).
public struct RawName: Hashable, Sendable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { bytes = Array(string.utf8) }

    public var display: String { String(decoding: bytes, as: UTF8.self) }
}

/// File operations on a directory given as a path and names given as raw bytes.
public struct RawDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    func fullPath(_ name: RawName) -> [CChar] {
        var bytes = Array(path.utf8) + [UInt8(ascii: "/")] + name.bytes
        bytes.append(0)
        return bytes.map { CChar(bitPattern: $0) }
    }

    public var exists: Bool {
        var info = Glibc.stat()
        return statFile(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Regular files directly in the folder (not in subfolders), hidden and temporary ones left out.
    public func listFiles() -> [RawName] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [RawName] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            let raw = RawName(name)
            if InboxRules.isIgnored(raw.display) { continue }
            if stat(raw)?.isRegular == true { names.append(raw) }
        }
        return names.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    public struct Status: Sendable {
        public var size: Int
        public var modified: TimeInterval
        public var isRegular: Bool
    }

    public func stat(_ name: RawName) -> Status? {
        var info = Glibc.stat()
        let ok = fullPath(name).withUnsafeBufferPointer { statFile($0.baseAddress!, &info) } == 0
        guard ok else { return nil }
        return Status(size: Int(info.st_size),
                      modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
                      isRegular: (info.st_mode & S_IFMT) == S_IFREG)
    }

    /// Reads the whole file, refusing anything over `limit` bytes without reading it.
    public func read(_ name: RawName, limit: Int) throws -> Data {
        let fd = fullPath(name).withUnsafeBufferPointer { open($0.baseAddress!, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw IntakeError.unreadable(name.display, errno) }
        defer { close(fd) }
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else { throw IntakeError.unreadable(name.display, errno) }
        guard Int(info.st_size) <= limit else { throw IntakeError.tooLarge(name.display, Int(info.st_size), limit) }
        var data = Data(count: Int(info.st_size))
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += n
        }
        // A file that shrank while being read is not the file we decided was stable.
        guard offset == data.count else { throw IntakeError.changedWhileReading(name.display) }
        return data
    }

    /// Moves a file into `folder` (a subfolder of this one) under a name that overwrites nothing.
    @discardableResult
    public func move(_ name: RawName, into folder: String, jobID: Int?) throws -> RawName {
        let target = RawDirectory(path: path + "/" + folder)
        let existing = Set(target.allNames().map(\.display))
        let chosen = RawName(InboxRules.destinationName(for: name.display, jobID: jobID, existing: existing))
        // Keep the original bytes when no rename is needed, so odd encodings survive the move.
        let finalName = chosen.display == name.display ? name : chosen
        let result = fullPath(name).withUnsafeBufferPointer { from in
            target.fullPath(finalName).withUnsafeBufferPointer { to in rename(from.baseAddress!, to.baseAddress!) }
        }
        guard result == 0 else { throw IntakeError.moveFailed(name.display, folder, errno) }
        return finalName
    }

    public func write(_ text: String, to name: RawName) throws {
        let fd = fullPath(name).withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw IntakeError.unreadable(name.display, errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
    }

    func allNames() -> [RawName] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [RawName] = []
        while let entry = readdir(dir) {
            names.append(RawName(withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }))
        }
        return names
    }
}

/// stat(2), reachable from inside a type whose own method is called `stat`.
private func statFile(_ path: UnsafePointer<CChar>, _ info: UnsafeMutablePointer<stat>) -> Int32 {
    stat(path, info)
}
