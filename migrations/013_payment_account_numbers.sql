-- Payment orders from banks outside SEPA name accounts by number, not IBAN: the ISO 20022
-- standard's own pain.001 example debits account 00125574999 (DbtrAcct/Id/Othr/Id). Such an
-- order came out needs_review with missing_field:debtor_iban although nothing was missing.
-- payment_order gains debtor_account_number and creditor_account_number, and its schema needs
-- debtor_iban or debtor_account_number. The view gets the columns at its end, the only place
-- CREATE OR REPLACE VIEW may add them; its grants stay.
INSERT INTO docket.field_types (doc_type, name, kind) VALUES
    ('payment_order', 'debtor_account_number', 'text'),
    ('payment_order', 'creditor_account_number', 'text');

CREATE OR REPLACE VIEW docket.payment_orders WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'debtor_name' AS debtor_name,
       f ->> 'debtor_iban' AS debtor_iban,
       f ->> 'creditor_name' AS creditor_name,
       f ->> 'creditor_iban' AS creditor_iban,
       (f ->> 'amount')::numeric AS amount,
       f ->> 'currency' AS currency,
       (f ->> 'execution_date')::date AS execution_date,
       f ->> 'end_to_end_id' AS end_to_end_id,
       f ->> 'debtor_account_number' AS debtor_account_number,
       f ->> 'creditor_account_number' AS creditor_account_number
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'payment_order';
