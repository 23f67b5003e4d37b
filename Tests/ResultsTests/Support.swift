import DocketTestSupport
import Extraction
import Foundation
import Postgres
import Queue
import Synth
import Worker

/// Submits documents and runs a real worker with the pipeline handler until the queue is idle.
struct PipelineRun {
    let db: TestDatabase
    var pipeline: Pipeline = try! Pipeline.load(name: "default", pipelines: Repository.root + "/pipelines",
                                                schemas: Repository.root + "/schemas")

    init(_ db: TestDatabase) { self.db = db }

    @discardableResult
    func submit(_ documents: [(String, Data)], on connection: Connection? = nil) throws -> [Int] {
        let queue = JobQueue(connection: try connection ?? db.connect(), actor: "test")
        return try queue.submit(documents.map { Submission(name: $0.0, content: $0.1) }, pipeline: pipeline.name,
                                pipelineVersion: pipeline.version, source: .cli)
    }

    func fixture(_ name: String) throws -> (String, Data) {
        (name, try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/Tests/Fixtures/xml/" + name)))
    }

    func drain() {
        let extractor = Extractor(pipeline: pipeline) { nil }
        let cache = ExtractorCache { _ in extractor }
        var config = WorkerConfiguration()
        config.exitWhenIdle = true
        config.pollInterval = 0.2
        let url = db.url
        _ = Worker(connect: { try Connection(url) }, handler: { PipelineHandler(extractors: cache, pool: nil) },
                   configuration: config, log: { _ in }).run()
    }
}
