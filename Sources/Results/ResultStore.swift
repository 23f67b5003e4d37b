import Foundation
import Parsing
import Postgres

/// Reads results back and applies retention. Every statement binds its values.
public struct ResultStore {
    public let connection: Connection
    public init(connection: Connection) { self.connection = connection }

    /// Where a set of jobs stands: finished (succeeded, dead or cancelled) and still open.
    public func progress(jobIDs: [Int]) throws -> (finished: Int, open: Int) {
        let row = try connection.query("""
            SELECT count(*) FILTER (WHERE state IN ('succeeded', 'dead', 'cancelled')),
                   count(*) FILTER (WHERE state NOT IN ('succeeded', 'dead', 'cancelled'))
            FROM docket.jobs WHERE id = ANY($1)
            """, [jobIDs]).rows.first!
        return (try row.decode(0, as: Int.self), try row.decode(1, as: Int.self))
    }

    /// The result objects of each job (the shape `docket extract --json` prints, plus
    /// `result_id` and `job_id`), or its failure for jobs that did not succeed.
    public func outcomes(jobIDs: [Int]) throws -> [Int: [JSONValue]] {
        let rows = try connection.query("""
            SELECT j.id, (jsonb_build_object('job_id', j.id, 'status', 'failed',
                   'error', jsonb_build_object('code', coalesce(j.last_error_code, j.state::text),
                                               'message', coalesce(j.last_error, 'job ' || j.state::text))))::text
            FROM docket.jobs j WHERE j.id = ANY($1) AND j.state <> 'succeeded'
            UNION ALL
            SELECT * FROM (
                SELECT r.job_id, jsonb_build_object(
                    'job_id', r.job_id, 'result_id', r.id, 'item_index', r.item_index, 'doc_type', r.doc_type,
                    'confidence', r.type_confidence, 'runner_up', r.runner_up, 'status', r.status,
                    'reasons', to_jsonb(r.reasons), 'decided_by', r.decided_by,
                    'fields', coalesce((
                        SELECT jsonb_object_agg(f.name, jsonb_build_object(
                            'value', coalesce(r.corrected_fields, r.fields) -> f.name, 'confidence', f.confidence,
                            'page', f.page, 'bbox', to_jsonb(f.bbox), 'source_text', f.source_text, 'decided_by', f.decided_by))
                        FROM docket.fields f WHERE f.result_id = r.id), '{}'))::text
                FROM docket.results r WHERE r.job_id = ANY($1) ORDER BY r.job_id, r.item_index
            ) ordered
            """, [jobIDs])
        var byJob: [Int: [JSONValue]] = [:]
        let decoder = JSONDecoder()
        for row in rows.rows {
            let text = try row.decode(1, as: String.self)
            byJob[try row.decode(0, as: Int.self), default: []].append(try decoder.decode(JSONValue.self, from: Data(text.utf8)))
        }
        return byJob
    }

    /// Retention: drops the content of documents created before `cutoff` whose jobs have all
    /// ended, and with `results` also their results (fields and corrections follow). Returns
    /// how many documents lost their content and how many results were deleted.
    /// With `pipeline`, only documents every job of which ran under that pipeline (the
    /// workers' automatic sweep applies each pipeline's own setting).
    public func purge(olderThan cutoff: Date, results: Bool, pipeline: String? = nil) throws -> (documents: Int, results: Int) {
        try connection.transaction { tx in
            let documents = try tx.query("""
                WITH purged AS (
                    UPDATE docket.documents d SET content = NULL
                    WHERE d.created_at < $1 AND d.content IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM docket.job_keys k JOIN docket.jobs j ON j.id = k.job_id
                                      WHERE k.document_id = d.id
                                      AND (j.state IN ('queued', 'running', 'retrying') OR j.pipeline <> coalesce($2, j.pipeline)))
                    RETURNING 1
                ) SELECT count(*) FROM purged
                """, [cutoff, pipeline]).scalar(Int.self)
            var deleted = 0
            if results {
                deleted = try tx.query("""
                    WITH gone AS (DELETE FROM docket.results WHERE created_at < $1 RETURNING 1) SELECT count(*) FROM gone
                    """, [cutoff]).scalar(Int.self)
            }
            return (documents, deleted)
        }
    }
}
