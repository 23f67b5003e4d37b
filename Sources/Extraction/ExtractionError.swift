import DocketSupport

/// Errors of the extraction module: pipelines and schemas that cannot be loaded. Problems with
/// one document never throw; they become a result with status `needs_review` and its reasons.
public struct ExtractionError: ReportableError, Equatable, Sendable {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A problem in a configuration file, with where it is.
    static func invalid(_ file: String, line: Int?, _ what: String) -> ExtractionError {
        let place = line.map { "\(file):\($0)" } ?? file
        return ExtractionError("pipeline_invalid", "\(place): \(what)")
    }
}
