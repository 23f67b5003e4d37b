import DocketTestSupport
import Extraction
import Foundation
import Parsing

/// The shipped default pipeline, and an extractor without a classifier (structured paths only).
enum Shipped {
    static let pipelines = Repository.root + "/pipelines"
    static let schemas = Repository.root + "/schemas"
    static let pipeline: Pipeline = try! Pipeline.load(name: "default", pipelines: pipelines, schemas: schemas)
    static let extractor = Extractor(pipeline: pipeline) { nil }

    static func extract(fixture name: String) throws -> [DocumentResult] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/Tests/Fixtures/xml/" + name))
        return extractor.extract(try DocumentParser.parse(data, fileName: name), file: name)
    }

    static func value(_ result: DocumentResult, _ field: String) -> String? {
        guard let value = result[field: field]?.value else { return nil }
        switch value {
        case .string(let s), .number(let s): return s
        default: return nil
        }
    }
}

/// Numbers compare by value (`2856` equals `2856.00`), everything else as text.
func same(_ got: String?, _ want: String) -> Bool {
    guard let got else { return false }
    if let a = Decimal(string: got, locale: Locale(identifier: "en_US_POSIX")), let b = Decimal(string: want, locale: Locale(identifier: "en_US_POSIX")),
       got.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), want.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
        return a == b
    }
    return got == want
}

/// A temporary folder with the given files, for pipeline and schema error tests.
func temporaryFolder(_ files: [String: String]) throws -> String {
    let folder = NSTemporaryDirectory() + "docket-extraction-" + UUID().uuidString.prefix(8)
    for (name, text) in files {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return folder
}
