import Foundation
import Parsing
import Postgres

extension ResultStore {
    public struct ReprocessSummary: Equatable, Sendable {
        public var submitted: [Int] = []
        /// Documents that already have a live or finished job under this pipeline version.
        public var upToDate = 0
        /// Documents whose content retention removed: they cannot run again.
        public var purged = 0
    }

    /// Submits again, under `version`, every document with a result (of `type`, created since
    /// `since`, when given). Old results stay; the new job's results sit beside them.
    public func reprocess(pipeline: String, version: String, type: String?, since: Date?, submitter: String? = nil) throws -> ReprocessSummary {
        let candidates = try connection.query("""
            SELECT d.id, d.content IS NULL
            FROM docket.documents d
            WHERE EXISTS (SELECT 1 FROM docket.results r WHERE r.document_id = d.id
                          AND ($1::text IS NULL OR r.doc_type = $1) AND ($2::timestamptz IS NULL OR r.created_at >= $2))
            ORDER BY d.id
            """, [type, since]).rows.map { (try $0.decode(0, as: Int.self), try $0.decode(1, as: Bool.self)) }
        var summary = ReprocessSummary()
        summary.purged = candidates.filter(\.1).count
        let ids = candidates.filter { !$0.1 }.map(\.0)
        for start in stride(from: 0, to: ids.count, by: 100) {
            let chunk = Array(ids[start..<min(start + 100, ids.count)])
            // submit_batch dedups on (document, submitter, pipeline, version): a job that already
            // exists under this version comes back instead of a new one.
            let rows = try connection.query("""
                WITH before AS (SELECT coalesce(max(id), 0) AS last FROM docket.jobs)
                SELECT s.job_id, s.job_id > (SELECT last FROM before)
                FROM docket.submit_batch(
                    (SELECT array_agg(file_name ORDER BY id) FROM docket.documents WHERE id = ANY($1)),
                    (SELECT array_agg(content ORDER BY id) FROM docket.documents WHERE id = ANY($1)),
                    $2, 0, NULL, 'cli', $3) s
                """, [chunk, pipeline, version]).rows
            for row in rows {
                if try row.decode(1, as: Bool.self) { summary.submitted.append(try row.decode(0, as: Int.self)) } else { summary.upToDate += 1 }
            }
        }
        return summary
    }

    /// A reviewed result with its corrected fields, for `docket export-labels`.
    public struct ReviewedDocument: Sendable {
        public var resultID: Int
        public var fileName: String
        public var sha256: Data
        public var docType: String
        public var fields: JSONValue
        public var content: Data?
    }

    /// Reviewed results, oldest first; content only when `withContent`.
    public func reviewed(withContent: Bool) throws -> [ReviewedDocument] {
        try connection.query("""
            SELECT r.id, r.file_name, d.sha256, r.doc_type, coalesce(r.corrected_fields, r.fields)::text,
                   CASE WHEN $1 THEN d.content END
            FROM docket.results r JOIN docket.documents d ON d.id = r.document_id
            WHERE r.status = 'reviewed' AND r.item_index = 0
            ORDER BY r.reviewed_at, r.id
            """, [withContent]).rows.map { row in
            ReviewedDocument(resultID: try row.decode(0, as: Int.self), fileName: try row.decode(1, as: String.self),
                             sha256: try row.decode(2, as: Data.self), docType: try row.decode(3, as: String.self),
                             fields: try JSONDecoder().decode(JSONValue.self, from: Data(try row.decode(4, as: String.self).utf8)),
                             content: try row.decode(5, as: Data?.self))
        }
    }
}
