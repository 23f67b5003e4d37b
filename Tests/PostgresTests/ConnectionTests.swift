import DocketTestSupport
import Foundation
import Testing
@testable import Postgres

@Suite struct ConnectionTests {
    struct Boom: Error {}

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        let c = try TestDatabase.create().connect()
        try c.query("CREATE TABLE t (v int)")
        #expect(throws: Boom.self) {
            try c.transaction { tx in
                try tx.query("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        try c.transaction { tx in try tx.query("INSERT INTO t VALUES (2)") }
        #expect(try c.query("SELECT array_agg(v) FROM t").scalar([Int].self) == [2])
    }

    @Test func nestedTransactionsAreSavepoints() throws {
        let c = try TestDatabase.create().connect()
        try c.query("CREATE TABLE t (v int)")
        try c.transaction { tx in
            try tx.query("INSERT INTO t VALUES (1)")
            _ = try? tx.transaction { inner -> Void in
                try inner.query("INSERT INTO t VALUES (2)")
                throw Boom()
            }
            try tx.query("INSERT INTO t VALUES (3)")
        }
        #expect(try c.query("SELECT array_agg(v ORDER BY v) FROM t").scalar([Int].self) == [1, 3])
    }

    @Test func serverErrorsCarryTheirFields() throws {
        let c = try TestDatabase.create().connect()
        try c.query("CREATE TABLE t (k text PRIMARY KEY)")
        try c.query("INSERT INTO t VALUES ($1)", ["a"])
        do {
            try c.query("INSERT INTO t VALUES ($1)", ["a"])
            Issue.record("expected a unique violation")
        } catch let error as PostgresError {
            #expect(error.sqlState == "23505")
            #expect(error.kind == .server)
            #expect(error.detail?.contains("already exists") == true)
            #expect(!error.connectionLost)
            #expect(error.message.contains("23505"))
        }
        // The session is still usable after an error.
        #expect(try c.query("SELECT count(*) FROM t").scalar(Int.self) == 1)
    }

    @Test func preparedStatementsAreReusedByName() throws {
        let c = try TestDatabase.create().connect()
        for i in 1...5 {
            #expect(try c.query(prepared: "double_it", "SELECT $1::bigint * 2", [i]).scalar(Int.self) == i * 2)
        }
        let prepared = try c.query("SELECT count(*) FROM pg_prepared_statements WHERE name = $1", ["double_it"]).scalar(Int.self)
        #expect(prepared == 1)
    }

    @Test func copyLoadsRowsOfEveryColumnType() throws {
        let c = try TestDatabase.create().connect()
        try c.query("""
            CREATE TABLE docs (id integer, name text, size bigint, amount numeric(12,2), body bytea,
                               meta jsonb, created date, seen timestamptz, tags text[], score real)
            """)
        func row(_ i: Int) -> [(any PostgresEncodable)?] {
            let amount = PostgresNumeric("\(i).25")!
            let body = Data([UInt8(i % 256), 0, 255])
            let meta = PostgresJSON("{\"i\": \(i)}")
            let created = PostgresDate(iso: "2026-01-0\(i % 9 + 1)")!
            let seen = Date(timeIntervalSince1970: Double(i))
            let tags: [String] = ["x", "y\(i)"]
            let score: Double? = i % 2 == 0 ? nil : Double(i) / 4
            return [i, "doc \(i) — ü", i * 1000, amount, body, meta, created, seen, tags, score]
        }
        let rows = (1...2000).map(row)
        #expect(try c.copyIn(table: "docs", columns: ["id", "name", "size", "amount", "body", "meta", "created", "seen", "tags", "score"], rows: rows) == 2000)
        let check = try c.query("SELECT name, amount, body, meta->>'i', tags, score FROM docs WHERE id = 7")[0]
        #expect(try check.decode(0, as: String.self) == "doc 7 — ü")
        #expect(try check.decode(1, as: PostgresNumeric.self).text == "7.25")
        #expect(try check.decode(2, as: Data.self) == Data([7, 0, 255]))
        #expect(try check.decode(3, as: String.self) == "7")
        #expect(try check.decode(4, as: [String].self) == ["x", "y7"])
        #expect(try check.decode(5, as: Double.self) == 1.75)
        #expect(try c.query("SELECT count(*) FROM docs WHERE score IS NULL").scalar(Int.self) == 1000)
    }

    @Test func copyFailureLeavesNothingAndTheSessionUsable() throws {
        let c = try TestDatabase.create().connect()
        try c.query("CREATE TABLE t (id smallint NOT NULL)")
        #expect(throws: PostgresError.self) { try c.copyIn(table: "t", columns: ["id"], rows: [[1], [100_000]]) }
        #expect(throws: PostgresError.self) { try c.copyIn(table: "t", columns: ["id"], rows: [[1], [nil]]) }
        #expect(throws: PostgresError.self) { try c.copyIn(table: "t; DROP TABLE t", columns: ["id"], rows: [[1]]) }
        #expect(try c.query("SELECT count(*) FROM t").scalar(Int.self) == 0)
    }

    @Test func badConnectionStringsAreRefusedBeforeConnecting() {
        #expect(throws: PostgresError.self) { try Connection.validate("postgresql://a@host:port/db?nonsense=1") }
        #expect(throws: PostgresError.self) { try Connection.validate("host=x =") }
        do {
            _ = try Connection("postgresql://u@/db?host=/nonexistent/socket/dir")
            Issue.record("expected a connection failure")
        } catch let error as PostgresError {
            #expect(error.kind == .connectionFailed)
            #expect(!error.message.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
