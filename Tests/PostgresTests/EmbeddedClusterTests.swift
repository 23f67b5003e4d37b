import DocketTestSupport
import Foundation
import Testing
@testable import Postgres

/// Tests that stop and start a server use a private cluster, never the shared test server.
@Suite(.serialized) struct EmbeddedClusterTests {
    func privateHome() throws -> String {
        let home = "/tmp/docket-ec-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        return home
    }

    @Test func lifecycleAndLostConnectionAfterRestart() throws {
        let home = try privateHome()
        let cluster = try EmbeddedCluster(home: home)
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(atPath: home)
        }
        #expect(try cluster.state() == .notInitialized)
        let url = try cluster.ensureRunning()
        #expect(try cluster.state() == .running)
        // Idempotent: a second call finds it running and returns the same URL.
        #expect(try cluster.ensureRunning() == url)

        let c = try Connection(url)
        #expect(try c.query("SELECT current_setting('listen_addresses')").scalar(String.self) == "")
        #expect(try c.query("SELECT current_database()").scalar(String.self) == "docket")

        #expect(try cluster.stop())
        #expect(try cluster.state() == .stopped)
        do {
            try c.query("SELECT 1")
            Issue.record("expected the query to fail after the server stopped")
        } catch let error as PostgresError {
            #expect(error.connectionLost)
            #expect(!c.isConnected)
        }
        #expect(throws: PostgresError.self) { try c.reset() }

        try cluster.ensureRunning()
        try c.reset()
        #expect(try c.query("SELECT 1::int").scalar(Int.self) == 1)
        #expect(try !cluster.stop() == false)
        #expect(try cluster.stop() == false)
    }

    @Test func aListenerNoticesTheServerGoingAway() throws {
        let home = try privateHome()
        let cluster = try EmbeddedCluster(home: home)
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(atPath: home)
        }
        let listener = try Connection(try cluster.ensureRunning())
        try listener.listen("anything")
        try cluster.stop()
        #expect {
            _ = try listener.waitForNotifications(timeout: .seconds(10))
        } throws: { error in
            (error as? PostgresError)?.connectionLost == true
        }
    }

    @Test func aDataDirectoryOwnedBySomeoneElseIsRefused() throws {
        guard getuid() == 0 else { return }  // only root can hand a folder to another user
        let home = try privateHome()
        let cluster = try EmbeddedCluster(home: home)
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(atPath: home)
        }
        try cluster.ensureRunning()
        try cluster.stop()
        #expect(chown(cluster.layout.dataDirectory, 0, 0) == 0)
        do {
            try cluster.ensureRunning()
            Issue.record("expected an ownership error")
        } catch let error as PostgresError {
            #expect(error.message.contains("is owned by uid 0"))
            #expect(error.message.contains("chown"))
        }
    }
}
