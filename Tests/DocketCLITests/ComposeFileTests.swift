import DocketTestSupport
import Foundation
import Testing
import Yams

/// Docker cannot run on the development machines, so the production compose file is checked
/// statically: it parses, and the worker can reach no network with a route out.
@Suite struct ComposeFileTests {
    func compose() throws -> [String: Any] {
        let text = try String(contentsOfFile: Repository.root + "/docker-compose.yml", encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    @Test func workerIsOnlyOnInternalNetworks() throws {
        let file = try compose()
        let services = try #require(file["services"] as? [String: Any])
        let networks = try #require(file["networks"] as? [String: Any])
        let docket = try #require(services["docket"] as? [String: Any])
        let attached: [String]
        if let list = docket["networks"] as? [String] {
            attached = list
        } else {
            attached = try #require(docket["networks"] as? [String: Any]).keys.sorted()
        }
        #expect(!attached.isEmpty)
        for name in attached {
            let network = try #require(networks[name] as? [String: Any], "network \(name) is declared")
            #expect(network["internal"] as? Bool == true, "network \(name) must be internal")
        }
        #expect(docket["ports"] == nil, "the worker publishes no ports")
        #expect(docket["network_mode"] == nil)
    }

    @Test func postgresHasAHealthcheckAndAVolumeAndModelsAreReadOnly() throws {
        let services = try #require(try compose()["services"] as? [String: Any])
        let postgres = try #require(services["postgres"] as? [String: Any])
        #expect(postgres["healthcheck"] != nil)
        #expect((postgres["image"] as? String)?.hasPrefix("postgres:") == true)
        #expect((postgres["volumes"] as? [String])?.isEmpty == false)
        let docket = try #require(services["docket"] as? [String: Any])
        let volumes = try #require(docket["volumes"] as? [String])
        #expect(volumes.contains { $0.contains("/models") && $0.hasSuffix(":ro") })
        #expect(FileManager.default.fileExists(atPath: Repository.root + "/Dockerfile"))
    }
}
