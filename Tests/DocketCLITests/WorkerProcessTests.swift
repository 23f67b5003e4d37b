import DocketSupport
import DocketTestSupport
import Foundation
import Postgres
import Testing

/// Worker processes of the real binary against a real server: concurrency, crashes, restarts.
@Suite struct WorkerProcessTests {
    let docket = Repository.docketBinary

    func startWorker(_ url: String, _ extra: [String], log: String) throws -> BackgroundDocket {
        try BackgroundDocket(["worker", "--database", url, "--handler", "digest", "--poll-interval", "0.5"] + extra, log: log)
    }

    func waitForExit(_ process: BackgroundDocket, timeout: TimeInterval) -> Bool {
        process.waitForExit(timeout: timeout)
    }

    func submitMany(_ c: Connection, count: Int) throws {
        try c.query("""
            SELECT count(*) FROM docket.submit_batch(
                (SELECT array_agg('doc' || g || '.txt' ORDER BY g) FROM generate_series(1, $1) g),
                (SELECT array_agg(convert_to('document number ' || g, 'UTF8') ORDER BY g) FROM generate_series(1, $1) g))
            """, [count])
    }

    @Test func twoWorkerProcessesCompleteEachOfTenThousandJobsExactlyOnce() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        try c.query("CREATE TABLE handled (job_id bigint)")  // no unique key on purpose
        try submitMany(c, count: 10_000)
        let args = ["--concurrency", "2", "--batch", "50", "--exit-when-idle", "--test-record-into", "handled"]
        let workers = try (0..<2).map { try startWorker(db.url, args, log: NSTemporaryDirectory() + "exactly-once-\($0).log") }
        for worker in workers {
            #expect(waitForExit(worker, timeout: 300))
            #expect(worker.terminationStatus == 0)
        }
        let row = try c.query("SELECT count(*), count(DISTINCT job_id) FROM handled")[0]
        #expect(try row.decode(0, as: Int.self) == 10_000)
        #expect(try row.decode(1, as: Int.self) == 10_000)
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'succeeded'").scalar(Int.self) == 10_000)
        // Both processes took part.
        #expect(try c.query("SELECT count(DISTINCT split_part(actor, ':', 2)) FROM docket.job_events WHERE to_state = 'succeeded'").scalar(Int.self) == 2)
    }

    @Test func jobsOfAKilledWorkerAreRescuedAndFinishedOnce() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        try c.query("CREATE TABLE handled (job_id bigint)")
        try submitMany(c, count: 12)
        // The first worker sleeps inside its batch, so its jobs are running when it is killed.
        let victim = try startWorker(db.url, ["--concurrency", "1", "--batch", "4", "--lease", "2",
                                              "--test-record-into", "handled", "--test-delay", "60"],
                                     log: NSTemporaryDirectory() + "victim.log")
        var running: [Int] = []
        let deadline = Date().addingTimeInterval(30)
        while running.count < 4 && Date() < deadline {
            running = try c.query("SELECT id FROM docket.jobs WHERE state = 'running' ORDER BY id").rows.map { try $0.decode(0, as: Int.self) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(running.count == 4, "the victim's batch is running before the kill")
        kill(victim.processIdentifier, SIGKILL)
        _ = waitForExit(victim, timeout: 10)

        let rescuer = try startWorker(db.url, ["--concurrency", "1", "--batch", "4", "--lease", "2", "--exit-when-idle",
                                               "--test-record-into", "handled"], log: NSTemporaryDirectory() + "rescuer.log")
        #expect(waitForExit(rescuer, timeout: 60))
        #expect(rescuer.terminationStatus == 0)

        let counts = try c.query("SELECT count(*), count(DISTINCT job_id) FROM handled")[0]
        #expect(try counts.decode(0, as: Int.self) == 12)
        #expect(try counts.decode(1, as: Int.self) == 12)
        let rescued = try c.query("""
            SELECT array_agg(DISTINCT job_id ORDER BY job_id) FROM docket.job_events WHERE error_code = 'lease_expired'
            """).scalar([Int].self)
        #expect(rescued == running, "exactly the killed worker's jobs were rescued")
        #expect(try c.query("SELECT array_agg(attempts ORDER BY id) FROM docket.jobs WHERE id = ANY($1)", [running]).scalar([Int].self) == [2, 2, 2, 2])
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state <> 'succeeded'").scalar(Int.self) == 0)
    }

    @Test func workersRideOutAPostgresRestart() throws {
        let server = try PrivateCluster()
        defer { server.remove() }
        let (cluster, url) = (server.cluster, server.url)
        do {
            let c = try Connection(url)
            try c.query("CREATE TABLE handled (job_id bigint)")
            try submitMany(c, count: 300)
        }
        let worker = try startWorker(url, ["--concurrency", "2", "--batch", "5", "--lease", "2", "--exit-when-idle",
                                           "--test-record-into", "handled", "--test-delay", "0.05"],
                                     log: NSTemporaryDirectory() + "restart.log")
        Thread.sleep(forTimeInterval: 1)
        #expect(try cluster.stop())
        Thread.sleep(forTimeInterval: 1.5)
        try cluster.ensureRunning()
        #expect(waitForExit(worker, timeout: 120))
        #expect(worker.terminationStatus == 0)
        let c = try Connection(url)
        let counts = try c.query("SELECT count(*), count(DISTINCT job_id) FROM handled")[0]
        #expect(try counts.decode(0, as: Int.self) == 300)
        #expect(try counts.decode(1, as: Int.self) == 300)
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'succeeded'").scalar(Int.self) == 300)
        let log = (try? String(contentsOfFile: NSTemporaryDirectory() + "restart.log", encoding: .utf8)) ?? ""
        #expect(log.contains("reconnected"), "the worker saw the outage and came back")
    }

    @Test func sigtermDrainsAndExitsZero() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        try c.query("CREATE TABLE handled (job_id bigint)")
        try submitMany(c, count: 3)
        let worker = try startWorker(db.url, ["--concurrency", "1", "--batch", "3", "--test-record-into", "handled", "--test-delay", "1"],
                                     log: NSTemporaryDirectory() + "sigterm.log")
        let deadline = Date().addingTimeInterval(20)
        while try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'running'").scalar(Int.self) < 3 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        worker.process.terminate()  // SIGTERM while the batch is in flight
        #expect(waitForExit(worker, timeout: 30))
        #expect(worker.terminationStatus == 0)
        // The batch in flight was finished, not abandoned.
        #expect(try c.query("SELECT count(*) FROM handled").scalar(Int.self) == 3)
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'succeeded'").scalar(Int.self) == 3)
    }
}
