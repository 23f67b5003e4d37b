import DocketSupport
import DocketTestSupport
import Foundation
import Postgres
import Testing

/// `docket watch` and `docket worker` as real processes on a real folder and database.
@Suite struct InboxProcessTests {
    let docket = Repository.docketBinary

    func start(_ arguments: [String], log: String) throws -> BackgroundDocket {
        try BackgroundDocket(arguments, log: log)
    }

    func stop(_ process: BackgroundDocket) { process.stop() }

    /// An inbox folder inside a scratch folder of its own, which also holds the processes' logs
    /// (`dir + ".watch.log"`), so `removeInbox` takes everything away.
    func inbox() throws -> String {
        let dir = NSTemporaryDirectory() + "inbox-" + UUID().uuidString.prefix(8) + "/in"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func removeInbox(_ dir: String) {
        try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent)
    }

    func waitUntil(_ timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return try condition()
    }

    func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func aFileWrittenSlowlyInChunksIsTakenOnceAndWhole() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let dir = try inbox()
        defer { removeInbox(dir) }
        let watcher = try start(["watch", dir, "--database", db.url, "--settle", "0.5"], log: dir + ".watch.log")
        defer { stop(watcher) }
        Thread.sleep(forTimeInterval: 0.5)
        // Reopen and append ten times, 150 ms apart: each close fires a close-write event.
        let path = dir + "/statement.txt"
        var expected = Data()
        for chunk in 0..<10 {
            let piece = Data(String(repeating: "line \(chunk)\n", count: 50).utf8)
            expected += piece
            if chunk == 0 { FileManager.default.createFile(atPath: path, contents: piece) } else {
                let handle = try #require(FileHandle(forWritingAtPath: path))
                handle.seekToEndOfFile()
                handle.write(piece)
                try handle.close()
            }
            Thread.sleep(forTimeInterval: 0.15)
        }
        #expect(try waitUntil(15) { try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1 })
        Thread.sleep(forTimeInterval: 1.5)
        let rows = try c.query("SELECT d.content, d.source FROM docket.documents d").rows
        #expect(rows.count == 1, "taken once")
        #expect(try rows.first?.decode(0, as: Data.self) == expected, "taken whole")
        #expect(try rows.first?.decode(1, as: String.self) == "inbox")
    }

    @Test func aThousandFilesBecomeAThousandJobsAndARestartTakesNothingTwice() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let dir = try inbox()
        defer { removeInbox(dir) }
        for i in 0..<1000 { try "document \(i)\n".write(toFile: "\(dir)/doc\(i).txt", atomically: false, encoding: .utf8) }
        try "".write(toFile: "\(dir)/empty.txt", atomically: false, encoding: .utf8)
        try "skip".write(toFile: "\(dir)/.hidden", atomically: false, encoding: .utf8)
        try "skip".write(toFile: "\(dir)/download.pdf.part", atomically: false, encoding: .utf8)

        // First run: submit everything, no worker yet.
        var watcher = try start(["watch", dir, "--database", db.url, "--settle", "0.2"], log: dir + ".watch1.log")
        #expect(try waitUntil(60) { try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1001 })
        stop(watcher)
        #expect(watcher.terminationStatus == 0)

        // Restart: the same files are found again and followed, not resubmitted.
        watcher = try start(["watch", dir, "--database", db.url, "--settle", "0.2"], log: dir + ".watch2.log")
        defer { stop(watcher) }
        let worker = try start(["worker", "--database", db.url, "--handler", "digest", "--batch", "50", "--poll-interval", "0.5"], log: dir + ".worker.log")
        defer { stop(worker) }
        #expect(try waitUntil(90) { files(dir + "/.done").count == 1000 && files(dir + "/.failed").count == 2 })
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1001)
        #expect(try c.query("SELECT count(*) FROM docket.documents WHERE source = 'inbox'").scalar(Int.self) == 1001)
        #expect(files(dir) == ["download.pdf.part"])
        let error = try String(contentsOfFile: dir + "/.failed/empty.txt.error.txt", encoding: .utf8)
        #expect(error.contains("error: empty"))

        // Dropping a finished file in again finds its succeeded job and files it, with no new job.
        try "document 7\n".write(toFile: "\(dir)/again.txt", atomically: false, encoding: .utf8)
        #expect(try waitUntil(20) { files(dir + "/.done").contains("again.txt") })
        #expect(try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1001)
    }

    @Test func theWatcherAndWorkerRideOutAPostgresRestart() throws {
        let server = try PrivateCluster()
        defer { server.remove() }
        let (cluster, url) = (server.cluster, server.url)
        let dir = try inbox()
        defer { removeInbox(dir) }
        let watcher = try start(["watch", dir, "--database", url, "--settle", "0.2"], log: dir + ".watch.log")
        defer { stop(watcher) }
        let worker = try start(["worker", "--database", url, "--handler", "digest", "--lease", "2", "--poll-interval", "0.5"], log: dir + ".worker.log")
        defer { stop(worker) }
        for i in 0..<20 { try "before \(i)".write(toFile: "\(dir)/a\(i).txt", atomically: false, encoding: .utf8) }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try cluster.stop())
        // Files keep arriving while the database is down.
        for i in 0..<20 { try "during \(i)".write(toFile: "\(dir)/b\(i).txt", atomically: false, encoding: .utf8) }
        Thread.sleep(forTimeInterval: 1.5)
        try cluster.ensureRunning()
        #expect(waitUntil(60) { files(dir + "/.done").count == 40 }, "all 40 files end in .done")
        let c = try Connection(url)
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'succeeded'").scalar(Int.self) == 40)
        #expect(watcher.isRunning && worker.isRunning)
    }

    @Test func anInboxThatVanishesAndComesBackIsWatchedAgain() throws {
        let db = try TestDatabase.create()
        let dir = try inbox()
        defer { removeInbox(dir) }
        let watcher = try start(["watch", dir, "--database", db.url, "--settle", "0.2"], log: dir + ".watch.log")
        defer { stop(watcher) }
        Thread.sleep(forTimeInterval: 0.5)
        try FileManager.default.removeItem(atPath: dir)
        Thread.sleep(forTimeInterval: 0.5)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "after".write(toFile: dir + "/late.txt", atomically: false, encoding: .utf8)
        let c = try db.connect()
        #expect(try waitUntil(20) { try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) == 1 })
        #expect(watcher.isRunning)
    }

    @Test func aMissingInboxIsOneClearLine() throws {
        let db = try TestDatabase.create()
        let output = try ProcessRunner.run(docket, ["watch", "/nonexistent/inbox", "--database", db.url])
        #expect(output.status == 1)
        #expect(output.stderr.contains("inbox folder /nonexistent/inbox does not exist"))
    }
}
