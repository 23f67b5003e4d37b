-- Statements from US banks name no IBAN, only an account number (often masked, ****1234).
-- bank_statement gains account_number, and its schema needs one of the two. The view gets the
-- column at its end, the only place CREATE OR REPLACE VIEW may add one; its grants stay.
INSERT INTO docket.field_types (doc_type, name, kind) VALUES ('bank_statement', 'account_number', 'text');

CREATE OR REPLACE VIEW docket.bank_statements WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'account_iban' AS account_iban,
       f ->> 'account_holder' AS account_holder,
       (f ->> 'statement_date')::date AS statement_date,
       (f ->> 'period_start')::date AS period_start,
       (f ->> 'period_end')::date AS period_end,
       f ->> 'currency' AS currency,
       (f ->> 'opening_balance')::numeric AS opening_balance,
       (f ->> 'closing_balance')::numeric AS closing_balance,
       (f ->> 'transaction_count')::bigint AS transaction_count,
       f ->> 'account_number' AS account_number
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'bank_statement';
