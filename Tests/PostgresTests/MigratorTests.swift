import DocketTestSupport
import Foundation
import Testing
@testable import Postgres

@Suite struct MigratorTests {
    /// A migrations folder written by the test.
    func folder(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "migrations-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, sql) in files { try sql.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func projectMigrationsApplyToAnEmptyDatabaseAndReapplyAsNoOp() throws {
        let c = try TestDatabase.create(migrated: false).connect()
        let migrator = try Migrator(folder: Repository.migrations)
        let first = try migrator.migrate(on: c)
        #expect(first.count == migrator.files.count)
        #expect(try migrator.migrate(on: c).isEmpty)
        #expect(try migrator.status(on: c).allSatisfy { $0.appliedAt != nil })
        #expect(try c.query("SELECT count(*) FROM docket.schema_migrations").scalar(Int.self) == migrator.files.count)
    }

    @Test func eachMigrationIsAtomic() throws {
        let c = try TestDatabase.create(migrated: false).connect()
        let dir = try folder([
            "001_a.sql": "CREATE TABLE a (id int);",
            "002_b.sql": "CREATE TABLE b (id int); SELECT 1/0;",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: PostgresError.self) { try Migrator(folder: dir).migrate(on: c) }
        #expect(try c.query("SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NULL")[0].decode(1, as: Bool.self))
        #expect(try c.query("SELECT array_agg(version) FROM docket.schema_migrations").scalar([Int].self) == [1])
    }

    @Test func aChangedAppliedFileIsRefused() throws {
        let c = try TestDatabase.create(migrated: false).connect()
        let dir = try folder(["001_a.sql": "CREATE TABLE a (id int);"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Migrator(folder: dir).migrate(on: c)
        try "CREATE TABLE a (id bigint);".write(toFile: "\(dir)/001_a.sql", atomically: true, encoding: .utf8)
        do {
            try Migrator(folder: dir).migrate(on: c)
            Issue.record("expected a checksum error")
        } catch let error as PostgresError {
            #expect(error.message.contains("was changed after it was applied"))
        }
        #expect(throws: PostgresError.self) { try Migrator(folder: dir).status(on: c) }
    }

    @Test func missingFolderAndGapsAreClearErrors() throws {
        #expect(throws: PostgresError.self) { try Migrator(folder: "/nonexistent/migrations") }
        let gap = try folder(["001_a.sql": "SELECT 1;", "003_c.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(atPath: gap) }
        #expect(throws: PostgresError.self) { try Migrator(folder: gap) }
    }

    @Test func concurrentMigratorsApplyEachFileOnce() throws {
        let db = try TestDatabase.create(migrated: false)
        // No IF NOT EXISTS and a pause inside: a second, unlocked run would fail or duplicate.
        let dir = try folder([
            "001_slow.sql": "CREATE TABLE once (id int); SELECT pg_sleep(0.5);",
            "002_more.sql": "CREATE TABLE twice (id int);",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let migrator = try Migrator(folder: dir)
        let results = ResultBox()
        let threads = (0..<3).map { _ in
            Thread {
                do {
                    let c = try db.connect()
                    results.append(.success(try migrator.migrate(on: c).count))
                } catch {
                    results.append(.failure(error))
                }
            }
        }
        threads.forEach { $0.start() }
        #expect(results.wait(count: 3, timeout: 60))
        let counts = results.values.compactMap { try? $0.get() }
        #expect(counts.count == 3, "every migrator succeeds: \(results.values)")
        #expect(counts.sorted() == [0, 0, 2])
        let c = try db.connect()
        #expect(try c.query("SELECT count(*) FROM docket.schema_migrations").scalar(Int.self) == 2)
    }
}

final class ResultBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var stored: [Result<Int, Error>] = []

    func append(_ value: Result<Int, Error>) {
        condition.lock()
        stored.append(value)
        condition.broadcast()
        condition.unlock()
    }

    var values: [Result<Int, Error>] { condition.lock(); defer { condition.unlock() }; return stored }

    func wait(count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while stored.count < count {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}
