import Foundation

/// An inotify watch on one folder: reports names that were closed after writing or moved in,
/// names that were modified (to restart their settle time), and the folder's own removal.
/// Waiting is `poll(2)` with a timeout, so an idle watcher uses no CPU.
final class InotifyWatch {
    enum Event: Equatable {
        case written(RawName)      // IN_CLOSE_WRITE or IN_MOVED_TO: a writer finished
        case modified(RawName)     // IN_MODIFY: still being written
        case folderGone            // IN_DELETE_SELF / IN_MOVE_SELF / IN_IGNORED
        case overflow              // the kernel dropped events: rescan
    }

    private let fd: Int32
    private var wd: Int32 = -1

    init(path: String) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else {
            throw IntakeError(code: "inotify_failed", message: "inotify_init1 failed: \(String(cString: strerror(errno)))", retryable: false)
        }
        do {
            try add(path)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    func add(_ path: String) throws {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        wd = inotify_add_watch(fd, path, mask)
        guard wd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw IntakeError.inboxMissing(path) }
            throw IntakeError(code: "inotify_failed", message: "cannot watch \(path): \(String(cString: strerror(errno)))", retryable: false)
        }
    }

    /// Waits up to `timeout` seconds and returns what happened (possibly nothing).
    func next(timeout: TimeInterval) -> [Event] {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, timeout * 1000)))
        guard ready > 0 else { return [] }
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard n > 0 else { break }
            var offset = 0
            while offset + 16 <= n {
                // struct inotify_event { int wd; uint32 mask; uint32 cookie; uint32 len; char name[len]; }
                let mask = buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = Array(buffer[(offset + 16)..<min(n, offset + 16 + length)].prefix(while: { $0 != 0 }))
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { events.append(.overflow); continue }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { events.append(.folderGone); continue }
                guard !nameBytes.isEmpty else { continue }
                let name = RawName(nameBytes)
                if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
                    events.append(.written(name))
                } else if mask & UInt32(IN_MODIFY) != 0 {
                    events.append(.modified(name))
                }
            }
        }
        return events
    }
}
