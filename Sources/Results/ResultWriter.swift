import Extraction
import Foundation
import Postgres

/// Stores one job's results inside the worker's completion transaction: every result and
/// field row in one statement, then (when the pipeline keeps no content) the document's bytes
/// are dropped unless another live job still needs them.
public enum ResultWriter {
    public static func write(_ results: [DocumentResult], jobID: Int, pipeline: Pipeline, on tx: Connection) throws {
        let payload = ResultRows.encode(ResultRows.payload(results, pipeline: pipeline))
        // One round trip: the results, then their fields joined back by item index.
        try tx.query(prepared: "docket_write_results", """
            WITH input AS (
                SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
                    item_index integer, doc_type text, type_confidence real, runner_up text, runner_up_confidence real,
                    decided_by text, fields jsonb, status text, reasons text[], models jsonb, timings jsonb, field_rows jsonb,
                    withheld jsonb)
            ), job AS (
                SELECT j.id, j.document_id, j.pipeline, j.pipeline_version, j.submitted_by, d.file_name
                FROM docket.jobs j JOIN docket.documents d ON d.id = j.document_id
                WHERE j.id = $2
            ), inserted AS (
                INSERT INTO docket.results (job_id, document_id, item_index, file_name, doc_type, type_confidence, runner_up,
                    runner_up_confidence, decided_by, fields, withheld, status, reasons, pipeline, pipeline_version, models, timings,
                    submitted_by)
                SELECT job.id, job.document_id, i.item_index, job.file_name, i.doc_type, i.type_confidence, i.runner_up,
                       i.runner_up_confidence, i.decided_by, i.fields, coalesce(i.withheld, '{}'), i.status, i.reasons, job.pipeline,
                       job.pipeline_version, i.models, i.timings, job.submitted_by
                FROM input i, job
                RETURNING id, item_index
            )
            INSERT INTO docket.fields (result_id, name, value_text, value_number, value_date, confidence, page, bbox, source_text, decided_by)
            SELECT r.id, f.name, f.value_text, f.value_number, f.value_date, f.confidence, f.page, f.bbox, f.source_text, f.decided_by
            FROM inserted r JOIN input i ON i.item_index = r.item_index,
                 jsonb_to_recordset(i.field_rows) AS f(name text, value_text text, value_number numeric, value_date date,
                     confidence real, page integer, bbox real[], source_text text, decided_by text)
            """, [payload, jobID])
        if !pipeline.keepContent {
            try dropContent(jobID: jobID, on: tx)
        }
    }

    /// Removes the bytes of the job's document when no other queued, running or retrying job
    /// needs them. Size and hash stay for the audit trail.
    static func dropContent(jobID: Int, on tx: Connection) throws {
        try tx.query(prepared: "docket_drop_content", """
            UPDATE docket.documents d SET content = NULL
            FROM docket.jobs j
            WHERE j.id = $1 AND d.id = j.document_id AND d.content IS NOT NULL
              -- Jobs are found from their document through job_keys (jobs has no document index:
              -- every index on jobs is written again at each state change).
              AND NOT EXISTS (SELECT 1 FROM docket.job_keys k JOIN docket.jobs o ON o.id = k.job_id
                              WHERE k.document_id = d.id AND k.ended_job = 0 AND o.id <> j.id
                                AND o.state IN ('queued', 'running', 'retrying'))
            """, [jobID])
    }

    /// Records the pipeline a worker runs, so `docket.submit` picks up its version.
    public static func register(_ pipeline: Pipeline, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO docket.pipelines (name, version) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET version = excluded.version, registered_at = now()
            WHERE docket.pipelines.version IS DISTINCT FROM excluded.version
            """, [pipeline.name, pipeline.version])
    }
}
