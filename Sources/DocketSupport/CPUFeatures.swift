import Foundation

/// The instruction-set extensions the release build's inference kernels are compiled for.
///
/// The check reads `/proc/cpuinfo` instead of executing CPUID so that this module itself needs
/// no special instructions and can run first on any x86-64 CPU.
public enum CPUFeatures {
    public static let required = ["avx2", "fma"]

    /// The flags the kernel reports for the first CPU, or nil when they cannot be read.
    public static func reportedFlags(cpuinfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) -> Set<String>? {
        guard let cpuinfo else { return nil }
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return nil
    }

    /// The required flags this CPU lacks; empty when it can run the release build
    /// (or when the architecture is not x86-64, where no such flags apply).
    public static func missing(flags: Set<String>?) -> [String] {
        #if arch(x86_64)
        guard let flags else { return [] }  // cannot tell: let it run rather than refuse
        return required.filter { !flags.contains($0) }
        #else
        return []
        #endif
    }
}
