/// An error a user can act on: a stable `code` for scripts and logs, and a one-line `message`
/// that says what is wrong and what to do. Every module's error type conforms, so the CLI can
/// print any of them the same way without knowing the module.
public protocol ReportableError: Error, CustomStringConvertible {
    /// A short, stable, machine-readable identifier such as `connection_failed`.
    var code: String { get }
    /// One line for a person: what went wrong and, where possible, what to do about it.
    var message: String { get }
}

extension ReportableError {
    public var description: String { message }
}

/// Collapses a multi-line message (libpq and pg_ctl print several) into one line.
public func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
        .joined(separator: " ")
}

import Foundation
