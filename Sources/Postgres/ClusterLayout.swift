import Foundation

/// Where the embedded cluster's files live, and who the server runs as. Pure: the decisions
/// are made from facts passed in, so they are tested without root or a disk.
public struct ClusterLayout: Equatable, Sendable {
    /// Holds everything below; owned by the server user.
    public var root: String
    /// Why the cluster is not in DOCKET_HOME itself, when it is not (printed to the user).
    public var relocationReason: String?

    public var dataDirectory: String { root + "/data" }
    public var socketDirectory: String { root + "/run" }
    public var logFile: String { root + "/log/postgres.log" }
    public var lockFile: String { root + "/cluster.lock" }

    public static let superuser = "docket"
    public static let database = "docket"
    public static let port = 5432
    /// sun_path holds 108 bytes including the terminator.
    static let maxSocketPath = 107

    /// Decides the cluster root for `home`.
    /// - Parameters:
    ///   - serverUserCanEnterHome: whether the server's user can traverse into `home`. When root
    ///     runs Docket the server runs as `postgres`, and a home under a root-only directory
    ///     (a clone in /root, a mktemp folder) cannot be entered; the cluster then moves to a
    ///     per-home folder under `fallbackBase`, and the reason says where.
    public static func decide(home: String, serverUserCanEnterHome: Bool, fallbackBase: String = "/var/lib/docket/clusters") -> ClusterLayout {
        if serverUserCanEnterHome {
            return ClusterLayout(root: home + "/postgres", relocationReason: nil)
        }
        let tag = stableTag(home)
        return ClusterLayout(
            root: "\(fallbackBase)/\(tag)",
            relocationReason: "the postgres user cannot enter \(home), so its cluster lives in \(fallbackBase)/\(tag)")
    }

    /// The connection URL for this cluster: socket only, the `docket` superuser and database.
    public var url: String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: allowed) ?? socketDirectory
        return "postgresql://\(Self.superuser)@/\(Self.database)?host=\(host)&port=\(Self.port)"
    }

    public var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(Self.port)" }

    public var socketPathFits: Bool { socketPath.utf8.count <= Self.maxSocketPath }

    /// A short, stable name for a home path (FNV-1a, hex), so each home gets its own cluster.
    static func stableTag(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
