import Testing
@testable import Postgres

@Suite struct MigrationPlanTests {
    func entries(_ names: [String]) -> [(fileName: String, contents: String)] {
        names.map { (fileName: $0, contents: "-- \($0)") }
    }

    @Test func ordersFilesAndIgnoresOtherExtensions() throws {
        let files = try MigrationPlan.files(from: entries(["002_jobs.sql", "001_schema.sql", "README.md"]), folder: "m")
        #expect(files.map(\.version) == [1, 2])
        #expect(files.map(\.name) == ["schema", "jobs"])
        #expect(files[0].checksum.count == 64)
    }

    @Test func refusesGapsDuplicatesBadNamesAndEmptyFolders() {
        #expect(throws: PostgresError.self) { try MigrationPlan.files(from: self.entries(["001_a.sql", "003_c.sql"]), folder: "m") }
        #expect(throws: PostgresError.self) { try MigrationPlan.files(from: self.entries(["001_a.sql", "001_b.sql"]), folder: "m") }
        #expect(throws: PostgresError.self) { try MigrationPlan.files(from: self.entries(["1_a.sql"]), folder: "m") }
        #expect(throws: PostgresError.self) { try MigrationPlan.files(from: self.entries(["001_Bad-Name.sql"]), folder: "m") }
        #expect(throws: PostgresError.self) { try MigrationPlan.files(from: self.entries(["002_b.sql"]), folder: "m") }
        #expect(throws: PostgresError.self) { try MigrationPlan.files(from: [], folder: "m") }
        do {
            _ = try MigrationPlan.files(from: entries(["001_a.sql", "003_c.sql"]), folder: "m")
        } catch let error as PostgresError {
            #expect(error.message.contains("002 is missing"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func pendingSkipsAppliedAndRefusesChangedFiles() throws {
        let files = try MigrationPlan.files(from: entries(["001_a.sql", "002_b.sql"]), folder: "m")
        let first = AppliedMigration(version: 1, name: "a", checksum: files[0].checksum)
        #expect(try MigrationPlan.pending(files: files, applied: [first]).map(\.version) == [2])
        #expect(try MigrationPlan.pending(files: files, applied: []).count == 2)

        let changed = AppliedMigration(version: 1, name: "a", checksum: String(repeating: "0", count: 64))
        #expect(throws: PostgresError.self) { try MigrationPlan.pending(files: files, applied: [changed]) }

        let unknown = AppliedMigration(version: 3, name: "future", checksum: "x")
        #expect(throws: PostgresError.self) { try MigrationPlan.pending(files: files, applied: [first, unknown]) }
    }
}
