/// The version `docket --version` prints.
public enum DocketVersion {
    public static let current = "0.1.0"
}

/// Writes one line to standard error, unbuffered.
public func printError(_ line: String) {
    var text = line
    if !text.hasSuffix("\n") { text += "\n" }
    FileHandleStderr.write(text)
}

import Foundation
enum FileHandleStderr {
    static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
