import Foundation

/// Which names in an inbox are documents, and where finished files go. Pure.
public enum InboxRules {
    public static let doneFolder = ".done"
    public static let failedFolder = ".failed"

    /// Hidden files (and so `.done`/`.failed`), partial downloads, office lock and temp files.
    public static func isIgnored(_ name: String) -> Bool {
        name.isEmpty || name.hasPrefix(".") || name.hasPrefix("~$") || name.hasSuffix("~")
            || [".part", ".crdownload", ".tmp", ".partial", ".download"].contains { name.lowercased().hasSuffix($0) }
    }

    /// A name in `existing` is not overwritten: `a.pdf` becomes `a.job42.pdf`, then `a.job42-2.pdf`.
    public static func destinationName(for name: String, jobID: Int?, existing: Set<String>) -> String {
        guard existing.contains(name) else { return name }
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        let tag = jobID.map { "job\($0)" } ?? "dup"
        func build(_ suffix: String) -> String { ext.isEmpty ? "\(stem).\(suffix)" : "\(stem).\(suffix).\(ext)" }
        var candidate = build(tag)
        var n = 2
        while existing.contains(candidate) {
            candidate = build("\(tag)-\(n)")
            n += 1
        }
        return candidate
    }
}

/// Decides when a file has stopped changing. Pure: the caller passes observations and times.
///
/// A file is ready once its size and modification time have stayed the same for `settle`
/// seconds. Close-write and moved-to events say a writer finished; the settle time also covers
/// writers that reopen the file to append in chunks.
public struct StabilityTracker {
    public struct Observation: Equatable, Sendable {
        public var size: Int
        public var modified: TimeInterval
        public init(size: Int, modified: TimeInterval) {
            self.size = size
            self.modified = modified
        }
    }

    public let settle: TimeInterval
    private var pending: [String: (observation: Observation, since: TimeInterval)] = [:]

    public init(settle: TimeInterval) { self.settle = settle }

    public var pendingCount: Int { pending.count }
    public var pendingKeys: [String] { Array(pending.keys) }

    /// Records what a file looks like now; a change restarts its settle time.
    public mutating func observe(_ key: String, _ observation: Observation, at now: TimeInterval) {
        if let current = pending[key], current.observation == observation { return }
        pending[key] = (observation, now)
    }

    public mutating func forget(_ key: String) { pending[key] = nil }

    /// The files that have been unchanged for the settle time; they are removed from tracking.
    public mutating func ready(at now: TimeInterval) -> [String] {
        let keys = pending.filter { now - $0.value.since >= settle }.map(\.key).sorted()
        for key in keys { pending[key] = nil }
        return keys
    }
}
