import Testing
@testable import Intake

@Suite struct InboxRulesTests {
    @Test func ignoresHiddenPartialAndLockFiles() {
        for name in [".hidden", ".done", "report.pdf.part", "x.crdownload", "~$invoice.docx", "draft.txt~", "a.TMP", ""] {
            #expect(InboxRules.isIgnored(name), "\(name)")
        }
        for name in ["invoice.pdf", "statement.xml", "notes.txt", "part.pdf", "a~b.pdf"] {
            #expect(!InboxRules.isIgnored(name), "\(name)")
        }
    }

    @Test func destinationNamesNeverOverwrite() {
        #expect(InboxRules.destinationName(for: "a.pdf", jobID: 7, existing: []) == "a.pdf")
        #expect(InboxRules.destinationName(for: "a.pdf", jobID: 7, existing: ["a.pdf"]) == "a.job7.pdf")
        #expect(InboxRules.destinationName(for: "a.pdf", jobID: 7, existing: ["a.pdf", "a.job7.pdf"]) == "a.job7-2.pdf")
        #expect(InboxRules.destinationName(for: "README", jobID: nil, existing: ["README"]) == "README.dup")
    }

    @Test func aFileIsReadyOnlyAfterItStopsChanging() {
        var tracker = StabilityTracker(settle: 1.0)
        tracker.observe("a", .init(size: 10, modified: 100), at: 0)
        #expect(tracker.ready(at: 0.5).isEmpty)
        // A chunk arrives: the settle time starts again.
        tracker.observe("a", .init(size: 20, modified: 100.6), at: 0.6)
        #expect(tracker.ready(at: 1.2).isEmpty)
        // Seeing the same size and time again does not restart it.
        tracker.observe("a", .init(size: 20, modified: 100.6), at: 1.3)
        #expect(tracker.ready(at: 1.6) == ["a"])
        #expect(tracker.pendingCount == 0)
        #expect(tracker.ready(at: 5).isEmpty)
    }

    @Test func filesSettleIndependently() {
        var tracker = StabilityTracker(settle: 0.5)
        tracker.observe("b", .init(size: 1, modified: 1), at: 0)
        tracker.observe("a", .init(size: 1, modified: 1), at: 0.2)
        #expect(tracker.ready(at: 0.6) == ["b"])
        #expect(tracker.ready(at: 0.75) == ["a"])
    }

    @Test func rawNamesKeepTheirBytes() {
        let latin1 = RawName([0x63, 0x61, 0x66, 0xE9])  // "café" in Latin-1, not valid UTF-8
        #expect(latin1.display == "caf\u{FFFD}")
        #expect(latin1.bytes.count == 4)
    }
}
