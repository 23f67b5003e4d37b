import DocketTestSupport
import Foundation
@testable import Intake
import Postgres
import Queue
import Testing

/// A file whose job ends while the watcher decides whether to follow it or submit it again.
@Suite struct InboxFollowTests {
    func jobCount(_ c: Connection) throws -> Int? { try c.query("SELECT count(*) FROM docket.jobs").scalar(Int.self) }

    @Test func aJobEndedBetweenLookupAndSubmitIsFollowedNotSubmittedAgain() throws {
        let db = try TestDatabase.create()
        let queue = JobQueue(connection: try db.connect(), actor: "watcher")
        let other = JobQueue(connection: try db.connect(), actor: "someone")
        let file = Submission(name: "a.txt", content: Data("the same bytes\n".utf8))
        let first = try #require(try queue.submit([file], source: .inbox).first)

        // The job is queued when the watcher looks it up and cancelled before it submits; the
        // submission that made a second job is undone and the cancelled job followed.
        var lookups = 0
        let ids = try InboxWatcher.submitOrFollow(queue, [file], pipeline: "default") {
            lookups += 1
            if lookups == 1 {
                let before = try other.cancel(jobID: first)
                #expect(before == .queued)
            }
        }
        #expect(lookups == 2)
        #expect(ids == [first])
        #expect(try jobCount(queue.connection) == 1)

        // Seen cancelled by the lookup, it is followed at once; new content gets a job of its own.
        let fresh = Submission(name: "b.txt", content: Data("other bytes\n".utf8))
        let again = try InboxWatcher.submitOrFollow(queue, [file, fresh], pipeline: "default")
        #expect(again[0] == first)
        #expect(again[1] != first && again[1] > 0)
        #expect(try jobCount(queue.connection) == 2)
    }
}
