import ArgumentParser
import DocketSupport
import Extraction
import Foundation

/// `--pipeline` and where pipelines, schemas and models are found.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Pipeline to run: pipelines/<name>.yaml.") var pipeline = "default"
    @Option(help: ArgumentHelp("Folder of pipeline YAML files (default: the first pipelines/ found, as for migrations).", valueName: "dir"))
    var pipelines: String?
    @Option(help: ArgumentHelp("Folder of result schemas, <type>.json (default: the first schemas/ found).", valueName: "dir"))
    var schemas: String?

    func load() throws -> Pipeline {
        let locator = ResourceLocator()
        return try Pipeline.load(name: pipeline, pipelines: try locator.locate(.pipelines, explicit: pipelines),
                                 schemas: try locator.locate(.schemas, explicit: schemas))
    }

    /// An extractor whose model loads the pipeline's encoder (and trained heads, when present)
    /// on first need; a missing model is not an error here (structured documents need none)
    /// but is said once on stderr.
    func extractor() throws -> Extractor {
        let pipeline = try load()
        return Extractor(pipeline: pipeline) {
            guard pipeline.classifier.zeroShot || pipeline.classifier.heads != nil else { return nil }
            guard let path = resolveModel(pipeline.classifier.encoder) else {
                printError("docket: encoder \(pipeline.classifier.encoder) is not installed (scripts/setup.sh downloads it); unstructured documents go to review")
                return nil
            }
            var heads: String?
            if let wanted = pipeline.classifier.heads {
                heads = resolveResource(wanted, kind: .heads)
                if heads == nil { printError("docket: heads \(wanted) not found (docket train writes them); classifying zero-shot") }
            }
            let types = pipeline.types.map { (name: $0.0, description: $0.1.schema.description) }
            return try DocumentModel(encoderPath: path, types: types, maxTokens: pipeline.classifier.maxTokens, headsPath: heads)
        }
    }
}

/// A model path from a pipeline: absolute, relative to the working directory, or `models/…`
/// looked up like the other resource folders (DOCKET_RESOURCES, DOCKET_HOME, beside the binary).
func resolveModel(_ path: String) -> String? { resolveResource(path, kind: .models) }

/// The same lookup for any resource kind: `heads/default.json` is found in the heads/ folder.
func resolveResource(_ path: String, kind: ResourceKind) -> String? {
    let fm = FileManager.default
    if path.hasPrefix("/") { return fm.fileExists(atPath: path) ? path : nil }
    if fm.fileExists(atPath: path) { return (fm.currentDirectoryPath as NSString).appendingPathComponent(path) }
    let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == kind.rawValue, let folder = try? ResourceLocator().locate(kind) else { return nil }
    let candidate = (folder as NSString).appendingPathComponent(parts[1])
    return fm.fileExists(atPath: candidate) ? candidate : nil
}
