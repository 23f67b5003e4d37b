import DocketSupport
import DocketTestSupport
import Foundation
import Testing

/// Runs the built `docket` binary and checks its output and exit status.
@Suite struct CLITests {
    let docket = Repository.docketBinary

    func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> ProcessOutput {
        var env = ProcessInfo.processInfo.environment
        env["DOCKET_DATABASE_URL"] = nil
        for (key, value) in environment { env[key] = value }
        return try ProcessRunner.run(docket, arguments, environment: env, currentDirectory: directory)
    }

    @Test func versionAndHelp() throws {
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == DocketVersion.current + "\n")
        for command in [[], ["db"], ["db", "start"], ["db", "stop"], ["db", "status"], ["db", "url"], ["db", "psql"],
                        ["migrate"], ["status"]] {
            let help = try run(command + ["--help"])
            #expect(help.status == 0, "\(command) --help")
            #expect(help.stdout.contains("USAGE: docket"), "\(command) --help")
        }
    }

    @Test func usageErrorsExitTwo() throws {
        let unknown = try run(["frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unexpected argument"))
        let badFlag = try run(["migrate", "--no-such-flag"])
        #expect(badFlag.status == 2)
    }

    @Test func userErrorsExitOneWithOneLine() throws {
        for arguments in [
            ["status", "--database", "postgresql://nobody@/x?host=/nonexistent/socketdir"],
            ["status", "--database", "postgresql://u@:notaport/db"],
            ["migrate", "--database", "host=127.0.0.1 port=1 dbname=x connect_timeout=3"],
            ["migrate", "--migrations", "/nonexistent/migrations"],
            ["db", "start", "--database", "postgresql://u@/db"],
        ] {
            let output = try run(arguments)
            #expect(output.status == 1, "\(arguments)")
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(output.stderr)")
            #expect(lines.first?.hasPrefix("docket: ") == true, "\(arguments)")
        }
    }

    @Test func migrateAndStatusAgainstARealDatabaseFromAnyDirectory() throws {
        let db = try TestDatabase.create(migrated: false)
        // From / the migrations folder is found beside the binary, not in the working directory.
        let first = try run(["migrate", "--database", db.url], in: "/")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied"))
        #expect(first.stderr.contains("applying 001_docket_schema.sql"))
        let again = try run(["migrate", "--database", db.url], in: "/")
        #expect(again.stdout.contains("up to date"))
        #expect(!again.stderr.contains("applying"))

        let status = try run(["migrate", "--status"], environment: ["DOCKET_DATABASE_URL": db.url], in: "/tmp")
        #expect(status.status == 0)
        #expect(status.stdout.contains("001_docket_schema.sql  applied"))
        #expect(status.stdout.contains("0 pending"))

        // --database beats DOCKET_DATABASE_URL.
        let overridden = try run(["status", "--database", db.url], environment: ["DOCKET_DATABASE_URL": "postgresql://x@/y?host=/nonexistent"])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(overridden.stdout.contains("(from --database)"))
        #expect(overridden.stdout.contains("migrations: \(try Migrator(folder: Repository.migrations).files.count) applied, 0 pending"))
    }

    /// The queue benchmark end to end on a tiny run: every figure the issue asks for, from
    /// each of the rounds it was told to take, and its scratch database dropped afterwards.
    @Test func queueBenchmarkReportsEveryFigureInJSON() throws {
        let db = try TestDatabase.create()
        func scratchDatabases() throws -> Set<String> {
            Set(try db.connect().query("SELECT datname FROM pg_database WHERE datname LIKE 'docket_bench_%'").rows
                .map { try $0.decode(0, as: String.self) })
        }
        let before = try scratchDatabases()
        let output = try run(["bench", "queue", "--database", db.url, "--jobs", "300", "--rounds", "2", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(report["jobs"] as? Int == 300 && report["rounds"] as? Int == 2)
        for key in ["enqueue_jobs_per_s", "claim_complete_jobs_per_s", "raw_claim_complete_jobs_per_s", "ratio", "median_round_ratio"] {
            #expect((report[key] as? Double ?? 0) > 0, "\(key)")
        }
        let roundRatios = try #require(report["round_ratios"] as? [Double])
        #expect(roundRatios.count == 2 && roundRatios.allSatisfy { $0 > 0 })
        #expect(abs((report["median_round_ratio"] as? Double ?? 0) - (roundRatios[0] + roundRatios[1]) / 2) < 1e-9)
        #expect(try scratchDatabases() == before, "the scratch database is dropped")
    }

    /// The parse benchmark on a tiny folder: its own figures and the anchors', and the large-file
    /// comparison only for the PDF of eight pages or more (the fixture joined eight times by qpdf).
    @Test func parseBenchmarkReportsItsFiguresAndTheAnchorsInJSON() throws {
        let dir = NSTemporaryDirectory() + "bench-parse-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = Repository.root + "/Tests/Fixtures/pdf/filled-tax-form.pdf"
        try FileManager.default.copyItem(atPath: page, toPath: dir + "/one-page.pdf")
        try FileManager.default.copyItem(atPath: Repository.root + "/Tests/Fixtures/xml/cii_invoice.xml", toPath: dir + "/invoice.xml")
        let qpdf = try #require(ProcessRunner.which("qpdf"), "qpdf is installed by scripts/lib.sh")
        let joined = try ProcessRunner.run(qpdf, ["--empty", "--pages"] + Array(repeating: page, count: 8) + ["--", dir + "/eight-pages.pdf"])
        #expect(joined.status == 0, "\(joined.stderr)")

        let output = try run(["bench", "parse", dir, "--seconds", "0.05", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(report["pdf_files"] as? Int == 2 && report["pdf_pages"] as? Int == 9 && report["xml_files"] as? Int == 1)
        #expect(report["large_pdf_files"] as? Int == 1 && report["large_pdf_pages"] as? Int == 8)
        for key in ["pdf_pages_per_s", "isolated_pdf_pages_per_s", "pdftotext_pages_per_s", "large_pdf_pages_per_s",
                    "pdftotext_large_pages_per_s", "xml_mb_per_s", "xmllint_mb_per_s"] {
            #expect((report[key] as? Double ?? 0) > 0, "\(key)")
        }
    }

    @Test func aMigrationsFolderWithAGapIsRefused() throws {
        let dir = NSTemporaryDirectory() + "gap-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "SELECT 1;".write(toFile: dir + "/001_a.sql", atomically: true, encoding: .utf8)
        try "SELECT 1;".write(toFile: dir + "/003_c.sql", atomically: true, encoding: .utf8)
        let db = try TestDatabase.create(migrated: false)
        let output = try run(["migrate", "--migrations", dir, "--database", db.url])
        #expect(output.status == 1)
        #expect(output.stderr.contains("migration 002 is missing"))
    }

    @Test func dbStatusOnAFreshHomeSaysNotInitialized() throws {
        let home = "/tmp/docket-cli-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let output = try run(["db", "status"], environment: ["DOCKET_HOME": home])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("not initialized"))
        #expect(output.stdout.contains("DOCKET_HOME=\(home)"))
    }
}

import Postgres
