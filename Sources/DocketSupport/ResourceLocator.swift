import Foundation

/// The folders Docket reads at run time but does not compile in.
public enum ResourceKind: String, CaseIterable, Sendable {
    case migrations, pipelines, schemas, heads, models
}

/// Finds Docket's resource folders from any working directory, in a fixed order:
/// 1. an explicit flag (`--migrations DIR`, …) given by the caller,
/// 2. `DOCKET_RESOURCES` (a folder holding `migrations/`, `pipelines/`, …),
/// 3. `DOCKET_HOME/<kind>`,
/// 4. beside the installed binary: `<prefix>/share/docket/<kind>` for an installed binary, or
///    the nearest ancestor of the binary holding `<kind>/` (a build inside a checkout),
/// 5. the working directory.
/// The first candidate that exists as a directory wins.
public struct ResourceLocator: Sendable {
    public var environment: [String: String]
    public var executablePath: String
    public var workingDirectory: String
    public var home: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String = ResourceLocator.currentExecutablePath(),
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        home: String? = nil
    ) {
        self.environment = environment
        self.executablePath = executablePath
        self.workingDirectory = workingDirectory
        self.home = home ?? DocketHome.resolve(environment: environment)
    }

    /// Every place looked at, in order, with where each came from; used for error messages.
    public func candidates(for kind: ResourceKind, explicit: String? = nil) -> [(origin: String, path: String)] {
        var list: [(String, String)] = []
        if let explicit { list.append(("--\(kind.rawValue)", DocketHome.absolute(explicit))) }
        if let root = environment["DOCKET_RESOURCES"], !root.isEmpty {
            list.append(("DOCKET_RESOURCES", join(DocketHome.absolute(root), kind.rawValue)))
        }
        list.append(("DOCKET_HOME", join(home, kind.rawValue)))
        let binDir = (executablePath as NSString).deletingLastPathComponent
        list.append(("installed binary", join((binDir as NSString).deletingLastPathComponent, "share/docket/\(kind.rawValue)")))
        var dir = binDir
        while dir != "/" && !dir.isEmpty {
            list.append(("beside the binary", join(dir, kind.rawValue)))
            dir = (dir as NSString).deletingLastPathComponent
        }
        list.append(("working directory", join(workingDirectory, kind.rawValue)))
        return list
    }

    /// The first existing folder for `kind`, or an error listing where it looked.
    public func locate(_ kind: ResourceKind, explicit: String? = nil) throws -> String {
        let list = candidates(for: kind, explicit: explicit)
        if let explicit {
            let path = list[0].path
            guard isDirectory(path) else {
                throw SupportError(code: "resource_missing", message: "\(kind.rawValue) folder \(path) (from --\(kind.rawValue) \(explicit)) does not exist")
            }
            return path
        }
        if let hit = list.first(where: { isDirectory($0.path) }) { return hit.path }
        throw SupportError(
            code: "resource_missing",
            message: "cannot find the \(kind.rawValue)/ folder; looked in DOCKET_RESOURCES, DOCKET_HOME (\(home)), beside the binary and in \(workingDirectory); pass --\(kind.rawValue) DIR or set DOCKET_RESOURCES to the Docket checkout")
    }

    public static func currentExecutablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return DocketHome.absolute(CommandLine.arguments.first ?? "docket")
    }

    private func join(_ a: String, _ b: String) -> String { (a as NSString).appendingPathComponent(b) }
    private func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// Errors raised by this support module.
public struct SupportError: ReportableError, Equatable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
