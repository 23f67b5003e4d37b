import DocketSupport

/// Errors of the Queue module that are not database errors.
public struct QueueError: ReportableError, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    static func noSuchJob(_ id: Int) -> QueueError {
        QueueError(code: "no_such_job", message: "there is no job \(id) (docket jobs lists them)")
    }
}
