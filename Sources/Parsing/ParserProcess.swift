import DocketSupport
import Foundation

/// Parses documents in child processes, so that a crash, a hang or runaway memory in poppler
/// (C++ fed with hostile files) fails that one document with a clear error and never takes the
/// calling worker down. Children are reused for many documents and replaced when they die or
/// after `recycleAfter` documents.
///
/// Wire format, both directions: a 4-byte big-endian length, then that many bytes.
/// Request: the file name (UTF-8) frame, then the file bytes frame. Response: one frame,
/// `{"document": …}` or `{"error": {"code": …, "message": …}}`.
public final class ParserProcessPool: @unchecked Sendable {
    public struct Options: Sendable {
        public var executable: String
        public var arguments = ["parse-server"]
        public var size = 1
        /// Address-space limit for each child, in bytes.
        public var memoryLimit = 2 << 30
        public var recycleAfter = 500
        public var limits = ParseLimits()
        /// The children's environment (`DOCKET_OCR`, `DOCKET_OCR_LANGUAGES`); nil inherits ours.
        public var environment: [String: String]?
        public init(executable: String) { self.executable = executable }
    }

    let options: Options
    private let lock = NSCondition()
    private var idle: [Child] = []
    private var started = 0

    public init(options: Options) { self.options = options }

    final class Child {
        let process: SpawnedProcess
        var served = 0
        init(process: SpawnedProcess) { self.process = process }
    }

    /// Parses one document in a child; blocks until it answers, fails or runs out of time.
    public func parse(_ data: Data, fileName: String) throws -> ParsedDocument {
        let child = try checkout()
        var keep = false
        defer { checkin(child, keep: keep) }
        do {
            try writeFrame(Data(fileName.utf8), to: child.process.input)
            try writeFrame(data, to: child.process.input)
            let deadline = Date().addingTimeInterval(options.limits.documentTimeout)
            guard let reply = try readFrame(from: child.process.output, deadline: deadline) else {
                throw crashError(child)
            }
            child.served += 1
            keep = child.served < options.recycleAfter
            return try decode(reply)
        } catch is TimeoutSignal {
            child.process.terminate()
            throw ParseError(.timeout, "parsing took longer than \(Int(options.limits.documentTimeout)) s; the parser process was stopped")
        } catch let error as ParseError {
            throw error
        } catch {
            throw crashError(child)
        }
    }

    /// A reply is one tag byte, then the document in wire form (0) or a JSON error (1).
    private func decode(_ reply: Data) throws -> ParsedDocument {
        guard let tag = reply.first else { throw ParseError(.internalError, "the parser gave no answer") }
        let body = reply.dropFirst()
        if tag == 0 { return try ParsedDocument(wire: body) }
        struct Failure: Decodable { var code: String; var message: String }
        let failure = try? JSONDecoder().decode(Failure.self, from: body)
        throw ParseError(ParseError.Code(rawValue: failure?.code ?? "") ?? .internalError, failure?.message ?? "the parser gave no answer")
    }

    private func crashError(_ child: Child) -> ParseError {
        child.process.terminate()
        return ParseError(.crashed, "the parser process died while reading this file (memory limit \(options.memoryLimit >> 20) MB)")
    }

    private func checkout() throws -> Child {
        lock.lock()
        defer { lock.unlock() }
        while idle.isEmpty && started >= options.size { lock.wait() }
        if let child = idle.popLast() { return child }
        started += 1
        do {
            let process = try SpawnedProcess(options.executable, options.arguments + ["--memory-limit", String(options.memoryLimit)],
                                             environment: options.environment)
            return Child(process: process)
        } catch {
            started -= 1
            throw ParseError(.internalError, "cannot start a parser process: \(error)")
        }
    }

    private func checkin(_ child: Child, keep: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if keep { idle.append(child) } else { started -= 1 }
        lock.signal()
    }

    // MARK: Framing

    struct TimeoutSignal: Error {}
}

/// Writes one frame: a 4-byte big-endian length, then the bytes.
func writeFrame(_ frame: Data, to fd: Int32) throws {
    let length = UInt32(frame.count)
    try writeAll(Data((0..<4).map { UInt8((length >> (8 * (3 - $0))) & 0xff) }), to: fd)
    try writeAll(frame, to: fd)
}

func writeAll(_ data: Data, to fd: Int32) throws {
    try data.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ParseError(.crashed, "the parser process stopped reading") }
            offset += n
        }
    }
}

/// Reads one frame; nil at end of file. With a deadline, waits in poll and throws a timeout.
func readFrame(from fd: Int32, deadline: Date? = nil) throws -> Data? {
    guard let header = try readExactly(4, from: fd, deadline: deadline) else { return nil }
    let length = header.reduce(0) { ($0 << 8) | Int($1) }
    guard length <= 1 << 30 else { throw ParseError(.internalError, "a parser frame claims \(length) bytes") }
    return try readExactly(length, from: fd, deadline: deadline)
}

private func readExactly(_ count: Int, from fd: Int32, deadline: Date?) throws -> Data? {
    var data = Data(count: count)
    var offset = 0
    while offset < count {
        if let deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(0, min(Double(Int32.max), deadline.timeIntervalSinceNow * 1000)))
            let ready = poll(&descriptor, 1, wait)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { throw ParserProcessPool.TimeoutSignal() }
        }
        let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, count - offset) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return nil }  // end of file, mid-frame or not: the other side is gone
        offset += n
    }
    return data
}

/// The child side: reads requests on standard input until it closes, answers on standard output.
public enum ParserServer {
    public static func run(memoryLimit: Int, limits: ParseLimits = ParseLimits()) {
        var limit = rlimit(rlim_cur: rlim_t(memoryLimit), rlim_max: rlim_t(memoryLimit))
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        while true {
            guard let nameFrame = try? readFrame(from: 0), let body = try? readFrame(from: 0) else { return }
            let name = String(decoding: nameFrame, as: UTF8.self)
            let reply: Data
            do {
                let document = try DocumentParser.parse(body, fileName: name, limits: limits)
                reply = Data([0]) + document.wireEncoded()
            } catch {
                let failure = (error as? ParseError) ?? ParseError(.internalError, "\(error)")
                reply = Data([1]) + ((try? JSONSerialization.data(withJSONObject: ["code": failure.code, "message": failure.message])) ?? Data())
            }
            guard (try? writeFrame(reply, to: 1)) != nil else { return }
        }
    }
}
