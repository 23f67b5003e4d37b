import DocketSupport
import DocketTestSupport
import Foundation
import Postgres
import Testing

/// `docket enqueue` as users run it: the real binary against a real server.
extension CLITests {
    func folder(_ files: [String: Data]) throws -> String {
        let dir = NSTemporaryDirectory() + "enqueue-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, content) in files { try content.write(to: URL(fileURLWithPath: dir + "/" + name)) }
        return dir
    }

    func ids(_ output: ProcessOutput) -> [Int] { output.stdout.split(separator: "\n").compactMap { Int($0) } }

    /// One id per file in file order, hidden and partial files skipped; the same command again
    /// prints the same ids.
    @Test func enqueuePrintsOneIdPerFileAndIsIdempotent() throws {
        let db = try TestDatabase.create()
        let dir = try folder(["b.txt": Data("second".utf8), "a.txt": Data("first".utf8), "c.xml": Data("<x/>".utf8),
                              ".hidden": Data("no".utf8), "d.pdf.part": Data("no".utf8)])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try run(["enqueue", dir, "--database", db.url])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(ids(first).count == 3 && first.stdout.split(separator: "\n").count == 3)
        let names = try ids(first).map { id in
            try db.connect().query("SELECT d.file_name FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id WHERE j.id = $1",
                                   [id]).scalar(String.self)
        }
        #expect(names == ["a.txt", "b.txt", "c.xml"])
        let again = try run(["enqueue", dir, "--database", db.url])
        #expect(again.status == 0 && ids(again) == ids(first))
    }

    /// A file over the size limit is reported and skipped; the others are submitted and the
    /// exit status says something failed.
    @Test func enqueueReportsAFileOverTheLimitAndSubmitsTheRest() throws {
        let db = try TestDatabase.create()
        try db.connect().query("UPDATE docket.settings SET value = '100' WHERE key = 'max_document_bytes'")
        let dir = try folder(["big.txt": Data(repeating: 0x41, count: 500), "small.txt": Data("small".utf8)])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try run(["enqueue", dir, "--database", db.url])
        #expect(output.status == 1)
        #expect(ids(output).count == 1)
        #expect(output.stderr.contains("big.txt") && output.stderr.contains("over the 100-byte document limit"), "\(output.stderr)")
    }

    /// A name that is not UTF-8 cannot be carried as text: the file is reported by its folder
    /// and the rest go in, with exit status 1. Files in subfolders count, hidden folders do not.
    @Test func enqueueReportsANameThatIsNotUTF8AndWalksSubfolders() throws {
        let db = try TestDatabase.create()
        let dir = try folder(["a.txt": Data("a".utf8)])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub/.hidden", withIntermediateDirectories: true)
        try Data("in sub".utf8).write(to: URL(fileURLWithPath: dir + "/sub/b.txt"))
        try Data("hidden".utf8).write(to: URL(fileURLWithPath: dir + "/sub/.hidden/c.txt"))
        var latin1 = Array((dir + "/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9)] + Array(".txt".utf8CString)
        let fd = open(&latin1, O_CREAT | O_WRONLY, 0o644)
        #expect(fd >= 0)
        close(fd)
        let output = try run(["enqueue", dir, "--database", db.url])
        #expect(output.status == 1)
        #expect(ids(output).count == 2)
        #expect(output.stderr.contains("is not UTF-8") && output.stderr.contains(dir + "/caf"), "\(output.stderr)")
        let names = try db.connect().query("SELECT file_name FROM docket.documents ORDER BY file_name").rows.map { try $0.decode(0, as: String.self) }
        #expect(names == ["a.txt", "b.txt"])
    }

    /// More than 500 files go out in chunks over two connections at once: every file gets its
    /// own job, and the ids still print in file order.
    @Test func enqueueOfManyFilesKeepsFileOrderAcrossConnections() throws {
        let db = try TestDatabase.create()
        var files: [String: Data] = [:]
        for i in 0..<1_200 { files[String(format: "f%04d.txt", i)] = Data("file \(i)".utf8) }
        let dir = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try run(["enqueue", dir, "--database", db.url, "--connections", "2"])
        #expect(output.status == 0, "\(output.stderr)")
        let printed = ids(output)
        #expect(printed.count == 1_200 && Set(printed).count == 1_200)
        let byID = Dictionary(uniqueKeysWithValues: try db.connect().query("""
            SELECT j.id, d.file_name FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id
            """).rows.map { (try $0.decode(0, as: Int.self), try $0.decode(1, as: String.self)) })
        #expect(printed.map { byID[$0] } == (0..<1_200).map { String(format: "f%04d.txt", $0) })
    }
}
