import Foundation
import Testing
@testable import Queue

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(baseDelay: 5, maxDelay: 600, jitter: 0.25)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let transient = JobFailure(code: "timeout", message: "", retryable: true)
    let permanent = JobFailure(code: "corrupt", message: "", retryable: false)

    @Test func backoffDoublesAndIsCapped() {
        // random 0.5 means no jitter.
        #expect(policy.delay(afterAttempt: 1, random: 0.5) == 5)
        #expect(policy.delay(afterAttempt: 2, random: 0.5) == 10)
        #expect(policy.delay(afterAttempt: 4, random: 0.5) == 40)
        #expect(policy.delay(afterAttempt: 30, random: 0.5) == 600)
        #expect(policy.delay(afterAttempt: 1000, random: 0.99) == 600)
    }

    @Test func jitterStaysWithinItsBand() {
        for attempt in 1...6 {
            let plain = policy.delay(afterAttempt: attempt, random: 0.5)
            #expect(policy.delay(afterAttempt: attempt, random: 0) == plain * 0.75)
            #expect(abs(policy.delay(afterAttempt: attempt, random: 0.999_999) - plain * 1.25) < 0.001)
        }
    }

    @Test func retryableFailuresRetryUntilTheLastAttempt() {
        #expect(policy.decide(failure: transient, attempt: 1, maxAttempts: 3, now: now, random: 0.5) == .retry(at: now + 5))
        #expect(policy.decide(failure: transient, attempt: 2, maxAttempts: 3, now: now, random: 0.5) == .retry(at: now + 10))
        #expect(policy.decide(failure: transient, attempt: 3, maxAttempts: 3, now: now, random: 0.5) == .dead)
    }

    @Test func permanentFailuresAreDeadAtOnce() {
        #expect(policy.decide(failure: permanent, attempt: 1, maxAttempts: 5, now: now, random: 0.5) == .dead)
    }

    @Test func leaseIsHeldOnlyByItsOwnerBeforeItExpires() {
        let later = now + 30
        #expect(LeaseRule.isHeld(state: .running, owner: "w1", expiresAt: later, worker: "w1", now: now))
        #expect(!LeaseRule.isHeld(state: .running, owner: "w1", expiresAt: later, worker: "w2", now: now))
        #expect(!LeaseRule.isHeld(state: .running, owner: "w1", expiresAt: later, worker: "w1", now: later))
        #expect(!LeaseRule.isHeld(state: .cancelled, owner: "w1", expiresAt: later, worker: "w1", now: now))
        #expect(!LeaseRule.isHeld(state: .running, owner: "w1", expiresAt: nil, worker: "w1", now: now))
        #expect(LeaseRule.heartbeatInterval(lease: 60) == 20)
    }

    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock(now)
        #expect(clock.now() == now)
        clock.advance(by: 90)
        #expect(clock.now() == now + 90)
    }
}
