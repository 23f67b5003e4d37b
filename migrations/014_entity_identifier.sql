-- An XBRL instance names its entity by an identifier under a scheme (an SEC CIK, a
-- regulator's number); its name is only there when a dei:EntityRegistrantName fact is. Both
-- sample instances of the development corpus have the identifier alone, and came out
-- needs_review with missing_field:entity_name. financial_report gains entity_identifier, and
-- its schema needs entity_name or entity_identifier. The column goes at the view's end.
INSERT INTO docket.field_types (doc_type, name, kind) VALUES ('financial_report', 'entity_identifier', 'text');

CREATE OR REPLACE VIEW docket.financial_reports WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'entity_name' AS entity_name,
       (f ->> 'period_end')::date AS period_end,
       f ->> 'currency' AS currency,
       (f ->> 'revenue')::numeric AS revenue,
       (f ->> 'net_income')::numeric AS net_income,
       (f ->> 'total_assets')::numeric AS total_assets,
       (f ->> 'total_liabilities')::numeric AS total_liabilities,
       f ->> 'entity_identifier' AS entity_identifier
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'financial_report';
