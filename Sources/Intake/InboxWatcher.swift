import Foundation
import Postgres
import Queue

/// Watches an inbox folder: every document dropped there is committed to PostgreSQL as a job
/// before anything moves; when its job succeeds the file goes to `.done/`, when it is dead to
/// `.failed/` with a `.error.txt` beside it. On start it rescans the folder, so files that came
/// while it was down are taken, and a file whose content already has a job is not taken twice
/// (its job is found by SHA-256 and followed instead).
public final class InboxWatcher {
    public struct Options: Sendable {
        public var pipeline = "default"
        /// Seconds a file must stay unchanged before it is read.
        public var settle: TimeInterval = 1
        /// How often job states are checked (NOTIFY is not relied on for completion).
        public var trackInterval: TimeInterval = 0.5
        /// Return once every file seen has been submitted and moved to .done/ or .failed/.
        public var exitWhenIdle = false
        public init() {}
    }

    let inbox: RawDirectory
    let options: Options
    let connect: () throws -> Connection
    let log: (String) -> Void
    public let stop: () -> Bool

    private var queue: JobQueue?
    private var stability: StabilityTracker
    /// Files submitted and not yet moved, by job id.
    private var tracked: [Int: RawName] = [:]
    /// Files that could not be submitted for a reason waiting can fix (database down).
    private var retryLater: Set<RawName> = []
    private var clock: TimeInterval { Date().timeIntervalSince1970 }

    public private(set) var submittedCount = 0
    public private(set) var movedCount = 0

    public init(folder: String, options: Options, connect: @escaping () throws -> Connection,
                stop: @escaping () -> Bool, log: @escaping (String) -> Void) {
        inbox = RawDirectory(path: folder)
        self.options = options
        self.connect = connect
        self.stop = stop
        self.log = log
        stability = StabilityTracker(settle: options.settle)
    }

    /// Runs until `stop()` returns true. Survives database restarts and the folder vanishing.
    public func run() throws {
        guard inbox.exists else { throw IntakeError.inboxMissing(inbox.path) }
        try prepareFolders()
        var watch: InotifyWatch? = try InotifyWatch(path: inbox.path)
        rescan()
        var lastTrack = 0.0
        while !stop() {
            guard let active = watch else {
                // The folder went away: wait for it to come back, then start over.
                Thread.sleep(forTimeInterval: 0.5)
                if inbox.exists, (try? prepareFolders()) != nil, let again = try? InotifyWatch(path: inbox.path) {
                    log("inbox \(inbox.path) is back; rescanning")
                    watch = again
                    rescan()
                }
                continue
            }
            for event in active.next(timeout: 0.25) {
                switch event {
                case .written(let name), .modified(let name):
                    if !InboxRules.isIgnored(name.display) { observe(name) }
                case .overflow:
                    rescan()
                case .folderGone:
                    log("inbox \(inbox.path) disappeared; waiting for it to come back")
                    watch = nil
                    stability = StabilityTracker(settle: options.settle)
                }
            }
            submitReadyFiles()
            if clock - lastTrack >= options.trackInterval {
                trackJobs()
                lastTrack = clock
                if options.exitWhenIdle && names.isEmpty && retryLater.isEmpty && tracked.isEmpty { break }
            }
        }
    }

    private func prepareFolders() throws {
        for folder in [InboxRules.doneFolder, InboxRules.failedFolder] {
            try FileManager.default.createDirectory(atPath: inbox.path + "/" + folder, withIntermediateDirectories: true)
        }
    }

    private func rescan() {
        let names = inbox.listFiles()
        if !names.isEmpty { log("found \(names.count) file(s) in \(inbox.path)") }
        for name in names { observe(name) }
    }

    private func observe(_ name: RawName) {
        guard let status = inbox.stat(name), status.isRegular else { return }
        stability.observe(key(name), .init(size: status.size, modified: status.modified), at: clock)
        names[key(name)] = name
    }

    /// Raw names keyed by their bytes in hex, so the pure tracker can hold them as strings.
    private var names: [String: RawName] = [:]
    private func key(_ name: RawName) -> String { name.bytes.map { String(format: "%02x", $0) }.joined() }

    private func submitReadyFiles() {
        var ready = stability.ready(at: clock).compactMap { names.removeValue(forKey: $0) }
        ready += retryLater
        retryLater.removeAll()
        guard !ready.isEmpty else { return }
        guard let queue = openQueue() else { retryLater.formUnion(ready); return }
        let limit = (try? queue.maxDocumentBytes()) ?? 100 << 20
        var batch: [(RawName, Submission)] = []
        for name in ready {
            do {
                let content = try inbox.read(name, limit: limit)
                batch.append((name, Submission(name: name.display, content: content)))
            } catch let error as IntakeError where error.retryable {
                observe(name)
            } catch let error as IntakeError {
                fail(name, jobID: nil, code: error.code, message: error.message)
            } catch {
                fail(name, jobID: nil, code: "unreadable", message: "\(error)")
            }
        }
        guard !batch.isEmpty else { return }
        do {
            let ids = try Self.submitOrFollow(queue, batch.map(\.1), pipeline: options.pipeline)
            for ((name, _), id) in zip(batch, ids) { tracked[id] = name }
            submittedCount += ids.count
            log("submitted \(ids.count) file(s)")
        } catch let error as PostgresError where !error.connectionLost && error.sqlState == "54000" {
            for (name, _) in batch { fail(name, jobID: nil, code: "too_large", message: error.message) }
        } catch {
            dropConnection(error)
            retryLater.formUnion(batch.map(\.0))
        }
    }

    private func trackJobs() {
        guard !tracked.isEmpty, let queue = openQueue() else { return }
        do {
            let rows = try queue.connection.query("""
                SELECT id, state::text, last_error_code, last_error FROM docket.jobs
                WHERE id = ANY($1) AND state IN ('succeeded', 'dead', 'cancelled')
                """, [Array(tracked.keys)]).rows
            for row in rows {
                let id = try row.decode(0, as: Int.self)
                guard let name = tracked[id] else { continue }
                let state = try row.decode(1, as: String.self)
                if state == "succeeded" {
                    do {
                        try inbox.move(name, into: InboxRules.doneFolder, jobID: id)
                        tracked[id] = nil
                        movedCount += 1
                    } catch {
                        log("job \(id): \(error)")
                    }
                } else {
                    let code = try row.decode(2, as: String?.self) ?? state
                    let message = try row.decode(3, as: String?.self) ?? "the job was \(state)"
                    fail(name, jobID: id, code: code, message: message)
                    tracked[id] = nil
                }
            }
        } catch {
            dropConnection(error)
        }
    }

    /// Moves a file to `.failed/` with an explanation beside it; the original bytes are kept.
    private func fail(_ name: RawName, jobID: Int?, code: String, message: String) {
        do {
            let moved = try inbox.move(name, into: InboxRules.failedFolder, jobID: jobID)
            let failed = RawDirectory(path: inbox.path + "/" + InboxRules.failedFolder)
            let job = jobID.map { "job: \($0)\n" } ?? "job: none (the file was not accepted)\n"
            try failed.write("\(job)error: \(code)\nmessage: \(message)\n", to: RawName(moved.bytes + Array(".error.txt".utf8)))
            movedCount += 1
            log("\(jobID.map { "job \($0)" } ?? "a file") failed [\(code)]; moved to \(InboxRules.failedFolder)/")
        } catch {
            log("cannot move a failed file: \(error)")
        }
    }

    private func openQueue() -> JobQueue? {
        if let queue { return queue }
        do {
            queue = JobQueue(connection: try connect(), actor: "inbox:\(getpid())")
            return queue
        } catch {
            return nil
        }
    }

    private func dropConnection(_ error: Error) {
        if (error as? PostgresError)?.connectionLost ?? true {
            if queue != nil { log("database connection lost; will reconnect") }
            queue = nil
        } else {
            log("database error: \(error)")
        }
    }
}

import Crypto
func sha256(of data: Data) -> Data { Data(SHA256.hash(data: data)) }
