import DocketTestSupport
import Foundation
import Testing
@testable import Postgres

@Suite struct ListenNotifyTests {
    @Test func notificationsArriveWithTheirPayload() throws {
        let db = try TestDatabase.create()
        let listener = try db.connect()
        let sender = try db.connect()
        try listener.listen("docket_results")
        try sender.notify("docket_results", payload: "42")
        try sender.transaction { tx in try tx.notify("docket_results", payload: "43") }
        var received: [PostgresNotification] = []
        let deadline = Date().addingTimeInterval(10)
        while received.count < 2 && Date() < deadline {
            received += try listener.waitForNotifications(timeout: .seconds(5))
        }
        #expect(received.map(\.payload) == ["42", "43"])
        #expect(received.allSatisfy { $0.channel == "docket_results" })
    }

    @Test func aNotificationWakesAWaiterThatIsAlreadyBlocked() throws {
        let db = try TestDatabase.create()
        let listener = try db.connect()
        try listener.listen("wake_up")
        let url = db.url
        let sent = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            if let sender = try? Connection(url) { try? sender.notify("wake_up", payload: "now") }
        }
        sent.start()
        let started = ContinuousClock.now
        let got = try listener.waitForNotifications(timeout: .seconds(20))
        #expect(got.map(\.payload) == ["now"])
        // Woken by the socket, well before the 20 s timeout.
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func timeoutReturnsEmpty() throws {
        let listener = try TestDatabase.create().connect()
        try listener.listen("quiet")
        let started = ContinuousClock.now
        #expect(try listener.waitForNotifications(timeout: .milliseconds(200)).isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(190))
    }

    @Test func channelNamesAreCheckedIdentifiers() throws {
        let c = try TestDatabase.create().connect()
        #expect(throws: PostgresError.self) { try c.listen("x; DROP TABLE y") }
        #expect(throws: PostgresError.self) { try c.listen("Upper") }
        #expect(throws: PostgresError.self) { try c.listen("") }
        try c.listen("ok_channel_2")
    }
}
