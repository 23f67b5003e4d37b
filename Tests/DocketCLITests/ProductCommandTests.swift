import DocketSupport
import DocketTestSupport
import Foundation
import Parsing
import Postgres
import Testing

/// `docket extract`, `process` and `up` as a user runs them, against a real server.
@Suite struct ProductCommandTests {
    let docket = Repository.docketBinary
    let fixtures = Repository.root + "/Tests/Fixtures/xml/"

    func run(_ arguments: [String], launcher: [String] = []) throws -> ProcessOutput {
        var env = ProcessInfo.processInfo.environment
        env["DOCKET_DATABASE_URL"] = nil
        if launcher.isEmpty { return try ProcessRunner.run(docket, arguments, environment: env) }
        return try ProcessRunner.run(launcher[0], Array(launcher.dropFirst()) + [docket] + arguments, environment: env)
    }

    func objects(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    func temporaryFolder(_ name: String) throws -> String {
        let folder = "/tmp/docket-cli-\(name)-" + UUID().uuidString.prefix(6)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return folder
    }

    @Test func extractPrintsTheResultObjectWithoutADatabase() throws {
        let output = try run(["extract", "--json", fixtures + "cii_invoice.xml", fixtures + "camt053_two_statements.xml"])
        #expect(output.status == 0, "\(output.stderr)")
        let results = try objects(output.stdout)
        #expect(results.count == 3)
        let invoice = results[0]
        for key in ["file", "doc_type", "confidence", "runner_up", "status", "reasons", "decided_by", "fields"] {
            #expect(invoice[key] != nil, "\(key)")
        }
        #expect(invoice["fields"]?["total_amount"]?["value"] == .number("2856"))
        #expect(invoice["fields"]?["total_amount"]?["decided_by"]?.stringValue == "structure")
        #expect(invoice["fields"]?["total_amount"]?["confidence"] == .number("1"))
        #expect(results[2]["item_index"] == .number("1"))

        let classify = try run(["classify", "--json", fixtures + "fhir_eob.xml"])
        let classified = try #require(try objects(classify.stdout).first)
        #expect(classified["doc_type"]?.stringValue == "explanation_of_benefits" && classified["fields"] == nil)
    }

    /// A ZUGFeRD PDF is read from its XML; with --ignore-structure the heads read its page.
    @Test func extractCanIgnoreAPDFsEmbeddedInvoice() throws {
        let pdf = Repository.shared + "/corpus/invoices/mustang_bc_invoice_103767.pdf"
        let structured = try #require(try objects(try run(["extract", "--json", pdf]).stdout).first)
        #expect(structured["decided_by"]?.stringValue == "structure")
        let output = try run(["extract", "--json", "--ignore-structure", pdf])
        #expect(output.status == 0, "\(output.stderr)")
        let fromPage = try #require(try objects(output.stdout).first)
        #expect(fromPage["decided_by"]?.stringValue == "head")
        #expect(fromPage["fields"]?["total_amount"]?["decided_by"]?.stringValue == "head")
    }

    /// Where a ZUGFeRD PDF's XML and its page disagree (963.11 in the XML, "Endsumme 963,12 €"
    /// printed), the heads read the page's value and the result goes to review.
    @Test func aTotalTheEmbeddedXMLGetsWrongIsReadOffThePage() throws {
        let pdf = Repository.shared + "/corpus/invoices/mustang_weclapp_re1001.pdf"
        let output = try run(["extract", "--json", pdf])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try #require(try objects(output.stdout).first)
        #expect(result["status"]?.stringValue == "needs_review")
        #expect(result["reasons"]?.arrayValue?.contains(.string("embedded_xml_unverified:total_amount")) == true)
        let total = try #require(result["fields"]?["total_amount"])
        #expect(total["decided_by"]?.stringValue == "head" && total["value"]?.stringValue == "963.12", "\(total)")
        #expect(total["source_text"]?.stringValue == "963,12")
        #expect(result["fields"]?["invoice_number"]?["decided_by"]?.stringValue == "structure")

        // Stored, the result names the encoder and heads that read the page.
        let db = try TestDatabase.create()
        #expect(try run(["process", "--database", db.url, pdf]).status == 0)
        let models = try db.connect().query("SELECT jsonb_array_length(models), decided_by FROM docket.results")[0]
        #expect(try models.decode(0, as: Int.self) == 2 && models.decode(1, as: String.self) == "structure")
    }

    /// A plain-text invoice is read by the heads as a monospaced page: before, it had a
    /// zero-shot type and no fields.
    @Test func aTextInvoiceIsReadByTheHeads() throws {
        let output = try run(["extract", "--json", Repository.root + "/Tests/Fixtures/text/service-invoice.txt"])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try #require(try objects(output.stdout).first)
        #expect(result["doc_type"]?.stringValue == "invoice" && result["decided_by"]?.stringValue == "head")
        let fields = try #require(result["fields"])
        #expect(fields["invoice_number"]?["value"]?.stringValue == "HLD-2026-0457")
        #expect(fields["invoice_date"]?["value"]?.stringValue == "2026-03-18")
        #expect(fields["total_amount"]?["value"]?.stringValue == "753.27")
        #expect(fields["total_amount"]?["page"] == .number("1"))
        #expect(result["reasons"]?.arrayValue?.contains(.string("no_field_extractor")) == false)
    }

    /// --explain lists each field's best values with the head's score and label, best first,
    /// one entry per value; the chosen value is among them. Without it nothing is listed.
    @Test func extractExplainsWhatEachFieldConsidered() throws {
        let pdf = Repository.shared + "/corpus/invoices/mustang_kraxi_2014-03.pdf"
        let output = try run(["extract", "--json", "--ignore-structure", "--explain", pdf])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try #require(try objects(output.stdout).first)
        let totals = try #require(result["considered"]?["total_amount"]?.arrayValue)
        #expect((1...3).contains(totals.count))
        let scores = totals.compactMap { Double($0["score"]?.stringValue ?? "") }
        #expect(scores.count == totals.count && scores == scores.sorted(by: >) && scores.allSatisfy { (0...1).contains($0) })
        let values = totals.compactMap { $0["value"]?.stringValue }
        #expect(Set(values).count == values.count, "one entry per value")
        #expect(values.contains(result["fields"]?["total_amount"]?["value"]?.stringValue ?? "-"), "the chosen total is listed")
        #expect(totals.first?["label"]?.stringValue == "Rechnungssumme brutto")

        let text = try run(["extract", "--ignore-structure", "--explain", pdf])
        #expect(text.stdout.contains("considered (head score, label):"))
        #expect(text.stdout.contains("[Rechnungssumme brutto]"))
        let plain = try #require(try objects(try run(["extract", "--json", "--ignore-structure", pdf]).stdout).first)
        #expect(plain["considered"] == nil)
    }

    @Test func processRunsThroughTheQueueAndReportsEveryFile() throws {
        let db = try TestDatabase.create()
        let gif = NSTemporaryDirectory() + "docket-photo-\(UUID().uuidString.prefix(6)).gif"
        try Data("GIF89a not really".utf8).write(to: URL(fileURLWithPath: gif))
        defer { try? FileManager.default.removeItem(atPath: gif) }
        let output = try run(["process", "--json", "--database", db.url, fixtures + "pain001_two_payments.xml", fixtures + "fhir_bundle.xml", gif])
        #expect(output.status == 1, "a failed file makes the exit status 1")
        let lines = try objects(output.stdout)
        #expect(lines.count == 4)
        #expect(lines.filter { $0["doc_type"]?.stringValue == "payment_order" }.count == 2)
        #expect(lines.contains { $0["doc_type"]?.stringValue == "claim" && $0["result_id"] != nil })
        let failed = try #require(lines.last)
        #expect(failed["file"]?.stringValue == gif && failed["status"]?.stringValue == "failed")
        #expect(failed["error"]?["code"]?.stringValue == "unsupported_format")
        #expect(output.stderr.contains("payment_order"), "the summary table goes to stderr with --json")
        let c = try db.connect()
        #expect(try c.query("SELECT count(*) FROM docket.payment_orders").scalar(Int.self) == 2)
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE state = 'dead' AND last_error_code = 'unsupported_format'").scalar(Int.self) == 1)
    }

    @Test func upProcessesTheGeneratedInboxAndStopsWhenIdle() throws {
        let db = try TestDatabase.create()
        let inbox = try temporaryFolder("inbox")
        defer { try? FileManager.default.removeItem(atPath: inbox); try? FileManager.default.removeItem(atPath: inbox + ".labels.jsonl") }
        #expect(try run(["synth", "--out", inbox, "--count", "12", "--seed", "3", "--labels", inbox + ".labels.jsonl"]).status == 0)
        let output = try run(["up", "--database", db.url, "--inbox", inbox, "--exit-when-idle", "--settle", "0.2", "--poll-interval", "0.5"])
        #expect(output.status == 0, "\(output.stderr)")
        let done = try FileManager.default.contentsOfDirectory(atPath: inbox + "/.done")
        let failed = try FileManager.default.contentsOfDirectory(atPath: inbox + "/.failed")
        #expect(done.count == 15, "12 XML documents, the text PDF, the scanned invoice and the page of shapes: \(done.sorted())")
        #expect(failed.contains("photo.png"))
        let c = try db.connect()
        #expect(try c.query("SELECT count(DISTINCT doc_type) FROM docket.results WHERE decided_by = 'structure'").scalar(Int.self) == 10)
        #expect(try c.query("SELECT count(*) FROM docket.review_queue WHERE 'no_text_layer' = ANY(reasons)").scalar(Int.self) == 1)
        let pdf = try c.query("SELECT decided_by, models::text FROM docket.results WHERE file_name = 'invoice-letter.pdf'")[0]
        #expect(try pdf.decode(0, as: String.self) == "head", "the committed heads classify unstructured PDFs")
        #expect(try pdf.decode(1, as: String.self).contains("default.json"), "the heads file and its hash are recorded")
        #expect(try c.query("SELECT count(*) FROM docket.invoices WHERE file_name = 'invoice-letter.pdf' AND invoice_number IS NOT NULL")
            .scalar(Int.self) == 1, "and its fields are extracted")
        #expect(try c.query("SELECT count(*) FROM docket.invoices WHERE file_name = 'scanned-invoice.pdf' AND invoice_number LIKE 'F-%'")
            .scalar(Int.self) == 1, "the scanned invoice is read by OCR, then by the same heads")
        let review = try c.query("SELECT count(*) FROM docket.results WHERE status = 'needs_review'").scalar(Int.self)
        let status = try run(["status", "--database", db.url])
        #expect(status.stdout.contains("needs review \(review) (docket.review_queue)"), "\(status.stdout)")
    }

    @Test func processOpensNoNetworkSocketAndWorksWithoutANetwork() throws {
        let db = try TestDatabase.create()
        let trace = NSTemporaryDirectory() + "docket-strace-\(UUID().uuidString.prefix(6)).txt"
        defer { try? FileManager.default.removeItem(atPath: trace) }
        let pdf = Repository.shared + "/corpus/invoices/mustang_kraxi_2014-03.pdf"
        let traced = try run(["process", "--database", db.url, fixtures + "cii_invoice.xml", pdf],
                             launcher: ["/usr/bin/strace", "-f", "-e", "trace=network", "-o", trace])
        #expect(traced.status == 0, "\(traced.stderr)")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("socket(") }
        #expect(!calls.isEmpty, "strace saw the PostgreSQL connection")
        #expect(calls.allSatisfy { $0.contains("socket(AF_UNIX") }, "\(calls.filter { !$0.contains("AF_UNIX") })")

        let isolated = try run(["process", "--database", db.url, fixtures + "fhir_eob.xml"], launcher: ["/usr/bin/unshare", "-n"])
        #expect(isolated.status == 0, "\(isolated.stderr)")
        #expect(try db.connect().query("SELECT count(*) FROM docket.explanations_of_benefits").scalar(Int.self) == 1)
    }

    @Test func documentContentNeverReachesLogsStderrOrTheServerLog() throws {
        let cluster = try PrivateCluster()
        defer { cluster.remove() }
        let canary = "CANARY-" + UUID().uuidString.prefix(12)
        let inbox = try temporaryFolder("canary")
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let invoice = try String(contentsOfFile: fixtures + "cii_invoice.xml", encoding: .utf8).replacingOccurrences(of: "Ortho Technik GmbH", with: canary)
        try invoice.write(toFile: inbox + "/invoice.xml", atomically: true, encoding: .utf8)
        try "<note><to>\(canary)</to><broken></note>".write(toFile: inbox + "/broken.xml", atomically: true, encoding: .utf8)
        try "Memo for \(canary): please pay.".write(toFile: inbox + "/memo.txt", atomically: true, encoding: .utf8)
        let up = try run(["up", "--database", cluster.url, "--inbox", inbox, "--exit-when-idle", "--settle", "0.2", "--poll-interval", "0.5"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(!up.stderr.contains(canary) && !up.stdout.contains(canary))
        let process = try run(["process", "--database", cluster.url, inbox + "/.done/invoice.xml"])
        #expect(!process.stderr.contains(canary))
        let serverLog = try String(contentsOfFile: cluster.cluster.layout.logFile, encoding: .utf8)
        #expect(!serverLog.contains(canary))
        let c = try Connection(cluster.url)
        #expect(try c.query("SELECT count(*) FROM docket.invoices WHERE vendor_name = $1", [canary]).scalar(Int.self) == 1,
                "the canary did go through: it is in the results, where it belongs")
        #expect(try c.query("SELECT count(*) FROM docket.jobs WHERE last_error LIKE '%' || $1 || '%'", [canary]).scalar(Int.self) == 0)
    }

    @Test func reprocessRunsDocumentsAgainUnderANewVersionKeepingOldResults() throws {
        let db = try TestDatabase.create()
        let pipelines = try temporaryFolder("pipelines")
        defer { try? FileManager.default.removeItem(atPath: pipelines) }
        let shipped = try String(contentsOfFile: Repository.root + "/pipelines/default.yaml", encoding: .utf8)
        try shipped.write(toFile: pipelines + "/default.yaml", atomically: true, encoding: .utf8)
        let common = ["--database", db.url, "--pipelines", pipelines]
        #expect(try run(["process"] + common + [fixtures + "cii_invoice.xml", fixtures + "fhir_eob.xml"]).status == 0)

        let unchanged = try run(["reprocess"] + common + ["--type", "invoice"])
        #expect(unchanged.status == 0 && unchanged.stdout.isEmpty, "same version: nothing to do")
        #expect(unchanged.stderr.contains("1 already processed under this version"), "\(unchanged.stderr)")

        // The shipped version, whatever it is now, and the next one.
        let current = try #require(shipped.split(separator: "\n").first { $0.hasPrefix("version: ") }
            .flatMap { Int($0.dropFirst("version: ".count).filter(\.isNumber)) })
        let (old, new) = (String(current), String(current + 1))
        try shipped.replacingOccurrences(of: "version: \"\(old)\"", with: "version: \"\(new)\"")
            .write(toFile: pipelines + "/default.yaml", atomically: true, encoding: .utf8)
        let again = try run(["reprocess"] + common + ["--type", "invoice"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.split(separator: "\n").count == 1, "only the invoice: \(again.stdout)")
        #expect(try run(["worker"] + common + ["--exit-when-idle", "--poll-interval", "0.5"]).status == 0)
        let c = try db.connect()
        #expect(try c.query("SELECT array_agg(pipeline_version ORDER BY pipeline_version) FROM docket.invoices i JOIN docket.results r ON r.id = i.result_id")
            .scalar([String].self) == [old, new])
        #expect(try c.query("SELECT count(*) FROM docket.explanations_of_benefits").scalar(Int.self) == 1)
        #expect(try c.query("SELECT version FROM docket.pipelines WHERE name = 'default'").scalar(String.self) == new)
    }

    @Test func exportLabelsWritesReviewedDocumentsWithTheirCorrections() throws {
        let db = try TestDatabase.create()
        let pdf = Repository.shared + "/corpus/invoices/mustang_weclapp_re1001.pdf"
        #expect(try run(["process", "--database", db.url, pdf]).status == 0)
        let c = try db.connect()
        let resultID = try c.query("SELECT result_id FROM docket.review_queue").scalar(Int.self)
        _ = try c.query("SELECT docket.resolve_review($1, '{\"total_amount\": 963.12}')", [resultID])
        let out = try temporaryFolder("labels")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let export = try run(["export-labels", "--database", db.url, "--out", out])
        #expect(export.status == 0, "\(export.stderr)")
        let label = try #require(try objects(try String(contentsOfFile: out + "/labels.jsonl", encoding: .utf8)).first)
        #expect(label["doc_type"]?.stringValue == "invoice")
        #expect(label["fields"]?["total_amount"] == .number("963.12"))
        #expect(label["fields"]?["invoice_number"]?.stringValue == "RE1001")
        let file = try #require(label["file"]?.stringValue)
        #expect(FileManager.default.contentsEqual(atPath: out + "/" + file, andPath: pdf))
    }

    @Test func trainingIsDeterministicAndEvalReportsEveryFigure() throws {
        let data = try temporaryFolder("train")
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(try run(["synth", "--out", data, "--count", "0", "--pdfs", "52", "--seed", "5"]).status == 0)
        let first = data + "/heads-a.json", second = data + "/heads-b.json"
        let trained = try run(["train", "--data", data, "--out", first, "--epochs", "10"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("type head: 13 types"))
        #expect(try run(["train", "--data", data, "--out", second, "--epochs", "10"]).status == 0)
        #expect(FileManager.default.contentsEqual(atPath: first, andPath: second), "same data and seed, same heads")
        #expect(FileManager.default.fileExists(atPath: data + "/heads-a.ablated.json"))

        let eval = try run(["eval", "--data", data, "--heads", first, "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let report = try #require(try objects(eval.stdout).first)
        for key in ["type_accuracy", "field_precision", "field_recall", "field_f1", "candidate_recall", "ok_rate", "ok_precision",
                    "type_ece", "field_ece", "type_bins", "field_bins", "per_type", "per_field"] {
            #expect(report[key] != nil, "\(key)")
        }
        // On its own training documents the heads must be right about the type.
        #expect(Double(report["type_accuracy"]?.stringValue ?? "0")! > 0.9)
        #expect(report["per_type"]?["invoice"]?["documents"] == .number("4"), "52 documents cycle through 13 types")
        #expect(report["per_field"]?["total_amount"]?["f1"] != nil)
        let ablated = try #require(try objects(try run(["eval", "--data", data, "--heads", first, "--ablate", "--json"]).stdout).first)
        #expect(ablated["ablated"] == .bool(true))

        // --type-head-only replaces the type head and keeps every field head as it was.
        let retyped = try run(["train", "--data", data, "--out", second, "--epochs", "5", "--seed", "2", "--type-head-only"])
        #expect(retyped.status == 0, "\(retyped.stderr)")
        func heads(_ path: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path))) }
        let before = try heads(first), after = try heads(second)
        #expect(after["field_heads"] == before["field_heads"] && after["field_shift"] == before["field_shift"])
        #expect(after["type_head"] != before["type_head"], "another seed and epoch count, another type head")
        #expect(after["trained_on"]?.stringValue?.contains("type head: 52 documents") == true)
        let missing = try run(["train", "--data", data, "--out", data + "/none.json", "--type-head-only"])
        #expect(missing.status != 0 && missing.stderr.contains("none.json does not exist"), "\(missing.stderr)")

        // --fields replaces the named field heads only: the type head, every other field head and
        // the confidence scaling stay as they were.
        let third = data + "/heads-c.json"
        try FileManager.default.copyItem(atPath: first, toPath: third)
        try FileManager.default.copyItem(atPath: data + "/heads-a.ablated.json", toPath: data + "/heads-c.ablated.json")
        let refielded = try run(["train", "--data", data, "--out", third, "--epochs", "5", "--seed", "2", "--fields", "invoice.total_amount"])
        #expect(refielded.status == 0, "\(refielded.stderr)")
        let fielded = try heads(third)
        #expect(fielded["type_head"] == before["type_head"] && fielded["field_shift"] == before["field_shift"])
        #expect(fielded["field_heads"]?["invoice"]?["total_amount"] != before["field_heads"]?["invoice"]?["total_amount"])
        #expect(fielded["field_heads"]?["invoice"]?["invoice_number"] == before["field_heads"]?["invoice"]?["invoice_number"])
        #expect(fielded["field_heads"]?["receipt"] == before["field_heads"]?["receipt"])
        let unknown = try run(["train", "--data", data, "--out", third, "--fields", "invoice.colour"])
        #expect(unknown.status != 0 && unknown.stderr.contains("invoice has no field colour"), "\(unknown.stderr)")
        let malformed = try run(["train", "--data", data, "--out", third, "--fields", "total_amount"])
        #expect(malformed.status != 0 && malformed.stderr.contains("TYPE.FIELD"), "\(malformed.stderr)")
    }
}
