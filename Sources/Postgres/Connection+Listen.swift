import CLibPQ
import Foundation

/// A message delivered by `NOTIFY`.
public struct PostgresNotification: Equatable, Sendable {
    public var channel: String
    public var payload: String
    public var senderPID: Int32
}

extension Connection {
    /// Subscribes this session to `channel`. Channel names are identifiers, so they are checked
    /// against a strict pattern before they are placed in the statement.
    public func listen(_ channel: String) throws {
        try unsafeExecute("LISTEN \(try Connection.checkedIdentifier(channel))")
    }

    public func unlisten(_ channel: String) throws {
        try unsafeExecute("UNLISTEN \(try Connection.checkedIdentifier(channel))")
    }

    /// Sends a notification; the payload is a bind parameter.
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Returns the notifications that arrived, waiting up to `timeout` for the first one.
    /// The wait is `poll(2)` on the connection's socket: no busy loop, no CPU while idle.
    /// An empty array means the timeout passed; a lost connection throws.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        var pending = try drainNotifications()
        if !pending.isEmpty { return pending }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw PostgresError(.connectionLost, "connection has no socket", connectionLost: true) }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while pending.isEmpty {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { break }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let millis = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptor, 1, millis)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(.connectionLost, "poll on the connection failed: \(String(cString: strerror(errno)))", connectionLost: true)
            }
            if ready == 0 { break }
            pending = try drainNotifications()
        }
        return pending
    }

    /// Reads whatever the socket holds and returns the queued notifications.
    private func drainNotifications() throws -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1 else { throw currentError().markingLost() }
        var list: [PostgresNotification] = []
        while let raw = PQnotifies(handle) {
            let n = raw.pointee
            list.append(PostgresNotification(channel: String(cString: n.relname), payload: String(cString: n.extra), senderPID: n.be_pid))
            PQfreemem(raw)
        }
        // A server that went away shows up as EOF on the socket rather than as an error.
        if !isConnected { throw currentError().markingLost() }
        return list
    }

    /// Accepts lower-case SQL identifiers (`docket_results`, `jobs_queued`) and quotes them.
    public static func checkedIdentifier(_ name: String) throws -> String {
        let valid = !name.isEmpty && name.count <= 63 && name.utf8.enumerated().allSatisfy { index, byte in
            (byte >= 97 && byte <= 122) || byte == 95 || (index > 0 && byte >= 48 && byte <= 57)
        }
        guard valid else {
            throw PostgresError(.encoding, "\(name.debugDescription) is not an allowed identifier (lower-case letters, digits, _)")
        }
        return "\"\(name)\""
    }
}

extension PostgresError {
    func markingLost() -> PostgresError {
        var copy = self
        copy.connectionLost = true
        copy.kind = .connectionLost
        return copy
    }
}
