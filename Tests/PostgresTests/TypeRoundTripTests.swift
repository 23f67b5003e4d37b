import DocketTestSupport
import Foundation
import Testing
@testable import Postgres

/// Every bound type goes to a real server and back, as itself and through a typed column.
@Suite struct TypeRoundTripTests {
    @Test func scalarsRoundTripThroughTheServer() throws {
        let db = try TestDatabase.create()
        let c = try db.connect()
        let row = try c.query("""
            SELECT $1::text, $2::bigint, $3::integer, $4::double precision, $5::numeric, $6::boolean,
                   $7::date, $8::timestamptz, $9::jsonb, $10::uuid, $11::smallint
            """, ["Grüße, 世界 — ok", Int.max, Int32.min, -2.5e-300, PostgresNumeric("-98765432109876543210.0123456789")!,
                  false, PostgresDate(iso: "2026-02-28")!, Date(timeIntervalSince1970: 1_700_000_000.5),
                  PostgresJSON(#"{"amount": 12.5, "tags": ["a"]}"#), UUID(uuidString: "7d444840-9dc0-11d1-b245-5ffdce74fad2")!,
                  Int16(-300)])[0]
        #expect(try row.decode(0, as: String.self) == "Grüße, 世界 — ok")
        #expect(try row.decode(1, as: Int.self) == Int.max)
        #expect(try row.decode(2, as: Int32.self) == Int32.min)
        #expect(try row.decode(3, as: Double.self) == -2.5e-300)
        #expect(try row.decode(4, as: PostgresNumeric.self).text == "-98765432109876543210.0123456789")
        #expect(try row.decode(5, as: Bool.self) == false)
        #expect(try row.decode(6, as: PostgresDate.self).description == "2026-02-28")
        #expect(try row.decode(7, as: Date.self).timeIntervalSince1970 == 1_700_000_000.5)
        let json = try row.decode(8, as: PostgresJSON.self).object() as? [String: Any]
        #expect(json?["amount"] as? Double == 12.5)
        #expect(try row.decode(9, as: UUID.self).uuidString == "7D444840-9DC0-11D1-B245-5FFDCE74FAD2")
        #expect(try row.decode(10, as: Int.self) == -300)
    }

    @Test func numericKeepsEveryDigit() throws {
        let c = try TestDatabase.create().connect()
        for text in ["0.1", "0.30000000000000004", "1e-20", "123456789.987654321", "-0.5", "100000000000000000000"] {
            // numeric text from the server is the reference: compare our binary decode with it.
            let row = try c.query("SELECT $1::numeric, $1::numeric::text", [text])[0]
            #expect(try row.decode(0, as: PostgresNumeric.self).text == (try row.decode(1, as: String.self)))
        }
        let sum = try c.query("SELECT $1::numeric + $2::numeric", [PostgresNumeric("0.1")!, PostgresNumeric("0.2")!]).scalar(PostgresNumeric.self)
        #expect(sum.text == "0.3")
    }

    @Test func nullsBindAndDecodeAsOptionals() throws {
        let c = try TestDatabase.create().connect()
        let row = try c.query("SELECT $1::text, $2::bigint, NULL::date, NULL::bytea", [nil, nil])[0]
        #expect(try row.decode(0, as: String?.self) == nil)
        #expect(try row.decode(1, as: Int?.self) == nil)
        #expect(try row.decode(2, as: PostgresDate?.self) == nil)
        #expect(try row.decode(3, as: Data?.self) == nil)
        #expect(row.isNull(0))
        #expect(throws: PostgresError.self) { try row.decode(1, as: Int.self) }
    }

    @Test func emptyStringIsNotNull() throws {
        let c = try TestDatabase.create().connect()
        #expect(try c.query("SELECT $1::text IS NULL, length($1::text)", [""])[0].decode(0, as: Bool.self) == false)
    }

    @Test func largeByteaTravelsAsBinary() throws {
        let c = try TestDatabase.create().connect()
        var generator = SystemRandomNumberGenerator()
        let blob = Data((0..<(24 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try c.query("CREATE TABLE blobs (id int PRIMARY KEY, content bytea NOT NULL)")
        try c.query("INSERT INTO blobs VALUES (1, $1)", [blob])
        let row = try c.query("SELECT content, octet_length(content), sha256(content) = sha256($1) FROM blobs", [blob])[0]
        #expect(try row.decode(1, as: Int.self) == blob.count)
        #expect(try row.decode(2, as: Bool.self))
        #expect(try row.decode(0, as: Data.self) == blob)
    }

    @Test func arraysBindWithAnyAndUnnest() throws {
        let c = try TestDatabase.create().connect()
        try c.query("CREATE TABLE t (id bigint PRIMARY KEY, name text)")
        let inserted = try c.query("INSERT INTO t SELECT * FROM unnest($1::bigint[], $2::text[])",
                                   [[1, 2, 3, 4], ["a", "b", "c", "d"]]).rowsAffected
        #expect(inserted == 4)
        let names = try c.query("SELECT name FROM t WHERE id = ANY($1) ORDER BY id", [[2, 4]]).rows.map { try $0.decode(0, as: String.self) }
        #expect(names == ["b", "d"])
        let back = try c.query("SELECT array_agg(id ORDER BY id), array_agg(name ORDER BY id) FROM t")[0]
        #expect(try back.decode(0, as: [Int].self) == [1, 2, 3, 4])
        #expect(try back.decode(1, as: [String].self) == ["a", "b", "c", "d"])
        #expect(try c.query("SELECT '{}'::int[]").scalar([Int].self) == [])
        #expect(try c.query("SELECT ARRAY[1, NULL, 3]").scalar([Int?].self) == [1, nil, 3])
    }

    @Test func decodingTheWrongTypeSaysWhich() throws {
        let c = try TestDatabase.create().connect()
        do {
            _ = try c.query("SELECT 'x'::text AS label").scalar(Int.self)
            Issue.record("expected a decoding error")
        } catch let error as PostgresError {
            #expect(error.kind == .decoding)
            #expect(error.message.contains("label"))
        }
    }
}
