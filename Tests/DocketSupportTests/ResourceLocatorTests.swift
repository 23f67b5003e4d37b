import Foundation
import Testing
@testable import DocketSupport

@Suite struct ResourceLocatorTests {
    /// A scratch tree: an install prefix with a binary, a checkout, a home and a working folder.
    func scratch() throws -> String {
        let root = NSTemporaryDirectory() + "locator-" + UUID().uuidString
        for dir in ["prefix/bin", "prefix/share/docket/pipelines", "checkout/.build/release", "checkout/migrations",
                    "home/migrations", "resources/migrations", "cwd/migrations", "cwd/heads"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        return root
    }

    @Test func followsTheDocumentedOrder() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let all = ResourceLocator(environment: ["DOCKET_RESOURCES": "\(root)/resources"],
                                  executablePath: "\(root)/checkout/.build/release/docket",
                                  workingDirectory: "\(root)/cwd", home: "\(root)/home")
        #expect(try all.locate(.migrations, explicit: "\(root)/cwd/migrations") == "\(root)/cwd/migrations")
        #expect(try all.locate(.migrations) == "\(root)/resources/migrations")

        let noEnv = ResourceLocator(environment: [:], executablePath: "\(root)/checkout/.build/release/docket",
                                    workingDirectory: "\(root)/cwd", home: "\(root)/home")
        #expect(try noEnv.locate(.migrations) == "\(root)/home/migrations")

        let noHome = ResourceLocator(environment: [:], executablePath: "\(root)/checkout/.build/release/docket",
                                     workingDirectory: "\(root)/cwd", home: "\(root)/nohome")
        #expect(try noHome.locate(.migrations) == "\(root)/checkout/migrations")

        let installed = ResourceLocator(environment: [:], executablePath: "\(root)/prefix/bin/docket",
                                        workingDirectory: "\(root)/cwd", home: "\(root)/nohome")
        #expect(try installed.locate(.pipelines) == "\(root)/prefix/share/docket/pipelines")
        #expect(try installed.locate(.heads) == "\(root)/cwd/heads")
    }

    @Test func missingFoldersNameWhereItLooked() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let locator = ResourceLocator(environment: [:], executablePath: "\(root)/prefix/bin/docket",
                                      workingDirectory: "\(root)/cwd", home: "\(root)/home")
        #expect(throws: SupportError.self) { try locator.locate(.schemas) }
        do {
            _ = try locator.locate(.migrations, explicit: "\(root)/absent")
            Issue.record("expected an error")
        } catch let error as SupportError {
            #expect(error.message.contains("absent"))
            #expect(error.code == "resource_missing")
        }
    }
}

@Suite struct ProcessRunnerTests {
    @Test func capturesBothStreamsAndTheStatus() throws {
        let output = try ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(output.status == 3)
        #expect(output.stdout == "out\n")
        #expect(output.stderr == "err\n")
    }

    @Test func largeOutputOnBothStreamsDoesNotDeadlock() throws {
        let output = try ProcessRunner.run("/bin/sh", ["-c", "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2"])
        #expect(output.succeeded)
        #expect(output.stdout.utf8.count == 300_000)
        #expect(output.stderr.utf8.count == 300_000)
    }

    @Test func runsInTheGivenDirectory() throws {
        #expect(try ProcessRunner.run("/bin/pwd", [], currentDirectory: "/usr").stdout == "/usr\n")
    }

    @Test func missingProgramIsAnError() {
        #expect(throws: SupportError.self) { try ProcessRunner.run("/nonexistent/program", []) }
    }
}
