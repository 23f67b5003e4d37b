import Foundation

/// Where Docket keeps its per-user state (the embedded cluster, caches).
///
/// The default depends on the user, never on the working directory, so running `docket` from
/// another folder finds the same cluster instead of creating a second, empty one.
public enum DocketHome {
    public static let environmentKey = "DOCKET_HOME"

    /// Resolves the home directory: `DOCKET_HOME` if set, else a per-user default.
    /// - root: `/var/lib/docket`, a system location the `postgres` user can be given access to
    ///   (root's own home is usually mode 0700, which the server user cannot enter).
    /// - anyone else: `$XDG_DATA_HOME/docket`, or `~/.local/share/docket`.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        userID: UInt32 = getuid(),
        homeDirectory: String = NSHomeDirectory()
    ) -> String {
        if let explicit = environment[environmentKey], !explicit.isEmpty {
            return absolute(explicit)
        }
        if userID == 0 {
            return "/var/lib/docket"
        }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("docket")
        }
        return (homeDirectory as NSString).appendingPathComponent(".local/share/docket")
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        let cwd = FileManager.default.currentDirectoryPath
        return ((cwd as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
