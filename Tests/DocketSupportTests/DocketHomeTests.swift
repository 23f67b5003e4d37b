import Foundation
import Testing
@testable import DocketSupport

@Suite struct DocketHomeTests {
    @Test func explicitHomeWinsAndIsMadeAbsolute() {
        #expect(DocketHome.resolve(environment: ["DOCKET_HOME": "/srv/docket/"], userID: 1000, homeDirectory: "/home/a") == "/srv/docket")
        let relative = DocketHome.resolve(environment: ["DOCKET_HOME": "state"], userID: 1000, homeDirectory: "/home/a")
        #expect(relative == FileManager.default.currentDirectoryPath + "/state")
    }

    @Test func defaultsDependOnTheUserNotTheWorkingDirectory() {
        #expect(DocketHome.resolve(environment: [:], userID: 0, homeDirectory: "/root") == "/var/lib/docket")
        #expect(DocketHome.resolve(environment: [:], userID: 1000, homeDirectory: "/home/ann") == "/home/ann/.local/share/docket")
        #expect(DocketHome.resolve(environment: ["XDG_DATA_HOME": "/data/ann"], userID: 1000, homeDirectory: "/home/ann") == "/data/ann/docket")
        // A relative XDG_DATA_HOME is invalid per the spec and ignored.
        #expect(DocketHome.resolve(environment: ["XDG_DATA_HOME": "rel"], userID: 1000, homeDirectory: "/home/ann") == "/home/ann/.local/share/docket")
    }
}

@Suite struct CPUFeaturesTests {
    let zen3 = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi2\nprocessor\t: 1\nflags\t\t: fpu\n"

    @Test func readsTheFirstCPUsFlags() {
        let flags = CPUFeatures.reportedFlags(cpuinfo: zen3)
        #expect(flags?.contains("avx2") == true)
        #expect(flags?.contains("fma") == true)
        #expect(CPUFeatures.missing(flags: flags).isEmpty)
    }

    @Test func namesWhatIsMissing() {
        let old = CPUFeatures.reportedFlags(cpuinfo: "flags : fpu sse2 avx\n")
        #if arch(x86_64)
        #expect(CPUFeatures.missing(flags: old) == ["avx2", "fma"])
        #endif
        #expect(CPUFeatures.missing(flags: nil).isEmpty)
    }
}

@Suite struct OneLineTests {
    @Test func collapsesLibpqStyleMessages() {
        let text = "connection to server failed: No such file\n\tIs the server running locally?\n"
        #expect(oneLine(text) == "connection to server failed: No such file Is the server running locally?")
    }
}
