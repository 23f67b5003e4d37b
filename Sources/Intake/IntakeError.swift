import DocketSupport
import Foundation

/// Errors of the inbox watcher.
public struct IntakeError: ReportableError {
    public var code: String
    public var message: String
    /// True when waiting could fix it (the file was still changing).
    public var retryable: Bool

    static func unreadable(_ name: String, _ err: Int32) -> IntakeError {
        IntakeError(code: "unreadable", message: "cannot read \(name): \(String(cString: strerror(err)))", retryable: false)
    }
    static func tooLarge(_ name: String, _ size: Int, _ limit: Int) -> IntakeError {
        IntakeError(code: "too_large", message: "\(name) is \(size) bytes, over the \(limit)-byte document limit", retryable: false)
    }
    static func changedWhileReading(_ name: String) -> IntakeError {
        IntakeError(code: "changed_while_reading", message: "\(name) changed while it was read; it will be read again once it settles", retryable: true)
    }
    static func moveFailed(_ name: String, _ folder: String, _ err: Int32) -> IntakeError {
        IntakeError(code: "move_failed", message: "cannot move \(name) into \(folder): \(String(cString: strerror(err)))", retryable: true)
    }
    static func inboxMissing(_ path: String) -> IntakeError {
        IntakeError(code: "inbox_missing", message: "inbox folder \(path) does not exist; create it or pass another folder", retryable: false)
    }
}
