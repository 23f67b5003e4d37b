import Foundation
import Testing
@testable import Postgres

/// Encoding and decoding without a server: encode, then decode the same bytes.
@Suite struct BinaryCodingTests {
    func roundTrip<T: PostgresEncodable & PostgresDecodable>(_ value: T, as type: PostgresType? = nil) throws -> T {
        var buffer: [UInt8] = []
        try value.encode(into: &buffer)
        return try buffer.withUnsafeBytes { bytes in
            try T(from: PostgresCell(type: type ?? T.postgresType, bytes: bytes, columnName: "x"))
        }
    }

    @Test(arguments: ["0", "1", "-1", "12.50", "-0.0001", "123456789012345678901234567890.123456789",
                      "10000", "0.00000001", "9999.9999", "100000000", "7.", ".5", "NaN", "-0.00"])
    func numericRoundTripsExactly(text: String) throws {
        let value = try #require(PostgresNumeric(text))
        #expect(try roundTrip(value) == value)
    }

    @Test func numericCanonicalText() {
        #expect(PostgresNumeric("007.50")?.text == "7.50")
        #expect(PostgresNumeric("-0.00")?.text == "0.00")
        #expect(PostgresNumeric(".5")?.text == "0.5")
        #expect(PostgresNumeric("1e5") == nil)
        #expect(PostgresNumeric("") == nil)
        #expect(PostgresNumeric("1.2.3") == nil)
        #expect(PostgresNumeric(decimal: Decimal(string: "1234.5678")!).text == "1234.5678")
    }

    @Test func numericBinaryLayoutMatchesPostgres() throws {
        // 12345.678 is digits [1, 2345, 6780], weight 1, dscale 3 in PostgreSQL's own encoding.
        var buffer: [UInt8] = []
        try PostgresNumeric("12345.678")!.encode(into: &buffer)
        #expect(buffer == [0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C])
    }

    @Test func integersDatesAndTimes() throws {
        #expect(try roundTrip(Int.min) == Int.min)
        #expect(try roundTrip(Int32(-7)) == -7)
        #expect(try roundTrip(3.25) == 3.25)
        #expect(try roundTrip(true) == true)
        let date = try #require(PostgresDate(iso: "1969-07-20"))
        #expect(try roundTrip(date).description == "1969-07-20")
        let now = Date(timeIntervalSince1970: 1_764_000_000.123456)
        #expect(abs(try roundTrip(now).timeIntervalSince(now)) < 0.000001)
        let uuid = UUID()
        #expect(try roundTrip(uuid) == uuid)
    }

    @Test func calendarDatesAreValidated() {
        #expect(PostgresDate(iso: "2024-02-29") != nil)
        #expect(PostgresDate(iso: "2023-02-29") == nil)
        #expect(PostgresDate(iso: "2023-13-01") == nil)
        #expect(PostgresDate(iso: "20230101") == nil)
        #expect(PostgresDate(iso: "2000-01-01")?.daysSince2000 == 0)
        #expect(PostgresDate(iso: "1999-12-31")?.daysSince2000 == -1)
    }

    @Test func arraysRoundTrip() throws {
        #expect(try roundTrip([1, 2, 3]) == [1, 2, 3])
        #expect(try roundTrip(["a", "", "ünï"]) == ["a", "", "ünï"])
        #expect(try roundTrip([Int]()) == [])
    }

    @Test func truncatedValuesAreErrorsNotCrashes() {
        let short: [UInt8] = [0, 0, 1]
        short.withUnsafeBytes { bytes in
            #expect(throws: PostgresError.self) { try Int(from: PostgresCell(type: .int8, bytes: bytes, columnName: "x")) }
            #expect(throws: PostgresError.self) { try [Int](from: PostgresCell(type: PostgresType(oid: 1016), bytes: bytes, columnName: "x")) }
            #expect(throws: PostgresError.self) { try PostgresNumeric(from: PostgresCell(type: .numeric, bytes: bytes, columnName: "x")) }
        }
    }

    @Test func nullNeedsAnOptional() throws {
        let cell = PostgresCell(type: .text, bytes: nil, columnName: "name")
        #expect(try String?(from: cell) == nil)
        #expect(throws: PostgresError.self) { try String(from: cell) }
    }

    @Test func textWithNulIsRefused() {
        var buffer: [UInt8] = []
        #expect(throws: PostgresError.self) { try "a\u{0}b".encode(into: &buffer) }
    }
}

@Suite struct DatabaseTargetTests {
    @Test func precedenceIsFlagThenEnvironmentThenEmbedded() {
        #expect(DatabaseTarget.resolve(flag: "postgresql://a/b", environment: ["DOCKET_DATABASE_URL": "postgresql://c/d"])
                == .url("postgresql://a/b", origin: "--database"))
        #expect(DatabaseTarget.resolve(flag: nil, environment: ["DOCKET_DATABASE_URL": "postgresql://c/d", "PGHOST": "x"])
                == .url("postgresql://c/d", origin: "DOCKET_DATABASE_URL"))
        // PG* variables alone never pick a server: they only fill in libpq's defaults.
        #expect(DatabaseTarget.resolve(flag: nil, environment: ["PGHOST": "db.internal", "PGDATABASE": "x"]) == .embedded)
        #expect(DatabaseTarget.resolve(flag: "", environment: [:]) == .embedded)
    }
}

@Suite struct ClusterLayoutTests {
    @Test func staysInHomeWhenTheServerUserCanEnterIt() {
        let layout = ClusterLayout.decide(home: "/var/lib/docket", serverUserCanEnterHome: true)
        #expect(layout.root == "/var/lib/docket/postgres")
        #expect(layout.relocationReason == nil)
        #expect(layout.url == "postgresql://docket@/docket?host=/var/lib/docket/postgres/run&port=5432")
    }

    @Test func movesOutOfRootOnlyFoldersAndSaysWhere() {
        let a = ClusterLayout.decide(home: "/root/ci/clone/.docket", serverUserCanEnterHome: false)
        let b = ClusterLayout.decide(home: "/root/other", serverUserCanEnterHome: false)
        #expect(a.root.hasPrefix("/var/lib/docket/clusters/"))
        #expect(a.root != b.root)
        #expect(a == ClusterLayout.decide(home: "/root/ci/clone/.docket", serverUserCanEnterHome: false))
        #expect(a.relocationReason?.contains("/root/ci/clone/.docket") == true)
        #expect(a.relocationReason?.contains(a.root) == true)
    }

    @Test func socketPathLimitIsChecked() {
        #expect(ClusterLayout.decide(home: "/tmp/x", serverUserCanEnterHome: true).socketPathFits)
        #expect(!ClusterLayout.decide(home: "/tmp/" + String(repeating: "d", count: 100), serverUserCanEnterHome: true).socketPathFits)
    }

    @Test func urlEscapesOddFolderNames() throws {
        let layout = ClusterLayout.decide(home: "/tmp/a b&c", serverUserCanEnterHome: true)
        #expect(layout.url.contains("host=/tmp/a%20b%26c/postgres/run"))
        try Connection.validate(layout.url)
    }
}
