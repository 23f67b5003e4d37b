import Crypto
import Foundation
import Postgres
import Queue

/// Turns a claimed batch into outcomes. It runs on a worker thread, may block, and must return
/// one outcome per job; the results it wants stored go in each outcome's `writes`, which the
/// worker runs inside the completion transaction.
public protocol BatchHandler: AnyObject {
    func handle(_ batch: [ClaimedJob], queue: JobQueue) -> [JobOutcome]
}

/// Checks each document's bytes against its stored hash and records size and SHA-256 as the
/// job's output. The placeholder handler until pipelines exist.
public final class DigestHandler: BatchHandler {
    public init() {}

    public func handle(_ batch: [ClaimedJob], queue: JobQueue) -> [JobOutcome] {
        batch.map { job in
            do {
                guard let document = try queue.document(of: job), let content = document.content else {
                    return JobOutcome(jobID: job.id, status: .failed(JobFailure(
                        code: "content_purged", message: "the document's content was removed by retention", retryable: false)))
                }
                if content.isEmpty {
                    return JobOutcome(jobID: job.id, status: .failed(JobFailure(
                        code: "empty", message: "the document is empty (0 bytes)", retryable: false)))
                }
                let digest = Data(SHA256.hash(data: content))
                guard digest == document.sha256 else {
                    return JobOutcome(jobID: job.id, status: .failed(JobFailure(
                        code: "corrupt", message: "stored content does not match its SHA-256", retryable: false)))
                }
                let hex = digest.map { String(format: "%02x", $0) }.joined()
                return JobOutcome(jobID: job.id, status: .succeeded(output: #"{"size": \#(content.count), "sha256": "\#(hex)"}"#))
            } catch {
                return JobOutcome(jobID: job.id, status: .failed(JobFailure(
                    code: "internal", message: "reading the document failed: \(error)", retryable: true)))
            }
        }
    }
}

/// Does nothing and succeeds: measures the queue's own cost in `docket bench queue`.
public final class NoopHandler: BatchHandler {
    public init() {}
    public func handle(_ batch: [ClaimedJob], queue: JobQueue) -> [JobOutcome] {
        batch.map { JobOutcome(jobID: $0.id, status: .succeeded(output: nil)) }
    }
}

/// Inserts one row per job into `table` inside the completion transaction, after an optional
/// delay. Used by the exactly-once and crash tests: the table has no unique key, so a job that
/// completed twice would show up as two rows.
public final class RecordingHandler: BatchHandler {
    let table: String
    let delay: TimeInterval

    public init(table: String, delay: TimeInterval = 0) throws {
        self.table = try table.split(separator: ".").map { try Connection.checkedIdentifier(String($0)) }.joined(separator: ".")
        self.delay = delay
    }

    public func handle(_ batch: [ClaimedJob], queue: JobQueue) -> [JobOutcome] {
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        let ids = batch.map(\.id)
        // One INSERT for the whole batch, attached to the first outcome; if the batch's lease is
        // lost the transaction never reaches it.
        return batch.enumerated().map { index, job in
            JobOutcome(jobID: job.id, status: .succeeded(output: nil), writes: index == 0 ? { [table] tx in
                try tx.query("INSERT INTO \(table) (job_id) SELECT unnest($1::bigint[])", [ids])
            } : nil)
        }
    }
}
