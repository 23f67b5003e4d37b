-- Results: what each job found, as typed rows SQL users query.
--
-- One row per result in docket.results (a document holding several items, such as a camt.053
-- with three statements, gives three), one row per field in docket.fields, a view per document
-- type with one typed column per schema field, and the review queue. Results, fields and the
-- job's completion commit in one transaction (the worker's completion), so a succeeded job
-- always has its results and a failed one never has half of them.

-- The pipelines workers run, so SQL submitters get the current version without naming it.
CREATE TABLE docket.pipelines (
    name          text PRIMARY KEY,
    version       text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);

-- The schema of each type's fields, kept by this migration beside schemas/*.json (a test checks
-- they agree). The views cast with it and resolve_review checks corrections against it.
CREATE TABLE docket.field_types (
    doc_type text NOT NULL,
    name     text NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('text', 'date', 'number', 'integer', 'array')),
    PRIMARY KEY (doc_type, name)
);

CREATE TABLE docket.results (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id               bigint NOT NULL REFERENCES docket.jobs (id),
    document_id          bigint NOT NULL REFERENCES docket.documents (id),
    item_index           integer NOT NULL DEFAULT 0 CHECK (item_index >= 0),
    -- Copied from the document so submitters, who cannot read docket.documents, see it.
    file_name            text NOT NULL,
    doc_type             text NOT NULL,
    type_confidence      real NOT NULL CHECK (type_confidence BETWEEN 0 AND 1),
    runner_up            text,
    runner_up_confidence real,
    decided_by           text NOT NULL CHECK (decided_by IN ('structure', 'head', 'zero_shot', 'none')),
    -- Field name → value, as extracted. Never changed afterwards: corrections go beside it.
    fields               jsonb NOT NULL DEFAULT '{}',
    -- fields with the reviewer's corrections applied; NULL until reviewed. The views read this first.
    corrected_fields     jsonb,
    status               text NOT NULL CHECK (status IN ('ok', 'needs_review', 'reviewed')),
    reasons              text[] NOT NULL DEFAULT '{}',
    pipeline             text NOT NULL,
    pipeline_version     text NOT NULL,
    -- [{id, sha256}] of every model that took part.
    models               jsonb NOT NULL DEFAULT '[]',
    -- Milliseconds per stage: {"parse": …, "classify": …, "extract": …}.
    timings              jsonb NOT NULL DEFAULT '{}',
    submitted_by         text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    reviewed_by          text,
    reviewed_at          timestamptz,
    UNIQUE (job_id, item_index)
);
CREATE INDEX results_document ON docket.results (document_id);
CREATE INDEX results_type ON docket.results (doc_type, created_at);
CREATE INDEX results_review ON docket.results (created_at) WHERE status = 'needs_review';

CREATE TABLE docket.fields (
    result_id    bigint NOT NULL REFERENCES docket.results (id) ON DELETE CASCADE,
    name         text NOT NULL,
    -- The value as text (arrays as JSON), and typed where the schema says date or number.
    value_text   text,
    value_number numeric,
    value_date   date,
    confidence   real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    page         integer,
    bbox         real[] CHECK (bbox IS NULL OR cardinality(bbox) = 4),
    source_text  text,
    decided_by   text NOT NULL CHECK (decided_by IN ('structure', 'head', 'zero_shot', 'none', 'review')),
    PRIMARY KEY (result_id, name)
);

-- Who corrected what, kept for good: a second correction of a field adds a row.
CREATE TABLE docket.review_corrections (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    result_id    bigint NOT NULL REFERENCES docket.results (id) ON DELETE CASCADE,
    field        text NOT NULL,
    old_value    jsonb,
    new_value    jsonb,
    corrected_by text NOT NULL,
    corrected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_corrections_result ON docket.review_corrections (result_id);

-- Clients LISTEN docket_results and get the job id as soon as its results commit.
CREATE FUNCTION docket.notify_results() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('docket_results', job_id::text) FROM (SELECT DISTINCT job_id FROM new_results) j;
    RETURN NULL;
END
$$;
CREATE TRIGGER results_notify AFTER INSERT ON docket.results
    REFERENCING NEW TABLE AS new_results FOR EACH STATEMENT EXECUTE FUNCTION docket.notify_results();

INSERT INTO docket.field_types (doc_type, name, kind) VALUES
    ('invoice', 'invoice_number', 'text'),
    ('invoice', 'invoice_date', 'date'),
    ('invoice', 'due_date', 'date'),
    ('invoice', 'vendor_name', 'text'),
    ('invoice', 'vendor_tax_id', 'text'),
    ('invoice', 'customer_name', 'text'),
    ('invoice', 'currency', 'text'),
    ('invoice', 'subtotal_amount', 'number'),
    ('invoice', 'tax_amount', 'number'),
    ('invoice', 'total_amount', 'number'),
    ('invoice', 'iban', 'text'),
    ('invoice', 'purchase_order', 'text'),
    ('receipt', 'merchant_name', 'text'),
    ('receipt', 'receipt_date', 'date'),
    ('receipt', 'currency', 'text'),
    ('receipt', 'total_amount', 'number'),
    ('receipt', 'tax_amount', 'number'),
    ('receipt', 'payment_method', 'text'),
    ('bank_statement', 'account_iban', 'text'),
    ('bank_statement', 'account_holder', 'text'),
    ('bank_statement', 'statement_date', 'date'),
    ('bank_statement', 'period_start', 'date'),
    ('bank_statement', 'period_end', 'date'),
    ('bank_statement', 'currency', 'text'),
    ('bank_statement', 'opening_balance', 'number'),
    ('bank_statement', 'closing_balance', 'number'),
    ('bank_statement', 'transaction_count', 'integer'),
    ('payment_order', 'debtor_name', 'text'),
    ('payment_order', 'debtor_iban', 'text'),
    ('payment_order', 'creditor_name', 'text'),
    ('payment_order', 'creditor_iban', 'text'),
    ('payment_order', 'amount', 'number'),
    ('payment_order', 'currency', 'text'),
    ('payment_order', 'execution_date', 'date'),
    ('payment_order', 'end_to_end_id', 'text'),
    ('tax_form', 'form_type', 'text'),
    ('tax_form', 'tax_year', 'integer'),
    ('tax_form', 'payer_name', 'text'),
    ('tax_form', 'payer_tin', 'text'),
    ('tax_form', 'recipient_name', 'text'),
    ('tax_form', 'recipient_tin', 'text'),
    ('tax_form', 'gross_amount', 'number'),
    ('tax_form', 'tax_withheld', 'number'),
    ('financial_report', 'entity_name', 'text'),
    ('financial_report', 'period_end', 'date'),
    ('financial_report', 'currency', 'text'),
    ('financial_report', 'revenue', 'number'),
    ('financial_report', 'net_income', 'number'),
    ('financial_report', 'total_assets', 'number'),
    ('financial_report', 'total_liabilities', 'number'),
    ('clinical_summary', 'patient_name', 'text'),
    ('clinical_summary', 'birth_date', 'date'),
    ('clinical_summary', 'gender', 'text'),
    ('clinical_summary', 'patient_id', 'text'),
    ('clinical_summary', 'document_date', 'date'),
    ('clinical_summary', 'author_name', 'text'),
    ('clinical_summary', 'organization', 'text'),
    ('clinical_summary', 'problems', 'array'),
    ('clinical_summary', 'medications', 'array'),
    ('clinical_summary', 'allergies', 'array'),
    ('lab_report', 'patient_name', 'text'),
    ('lab_report', 'birth_date', 'date'),
    ('lab_report', 'collection_date', 'date'),
    ('lab_report', 'ordering_provider', 'text'),
    ('lab_report', 'lab_name', 'text'),
    ('lab_report', 'results', 'array'),
    ('prescription', 'patient_name', 'text'),
    ('prescription', 'birth_date', 'date'),
    ('prescription', 'prescriber_name', 'text'),
    ('prescription', 'prescriber_npi', 'text'),
    ('prescription', 'drug_name', 'text'),
    ('prescription', 'dose', 'text'),
    ('prescription', 'quantity', 'number'),
    ('prescription', 'refills', 'integer'),
    ('prescription', 'prescription_date', 'date'),
    ('claim', 'patient_name', 'text'),
    ('claim', 'member_id', 'text'),
    ('claim', 'provider_name', 'text'),
    ('claim', 'provider_npi', 'text'),
    ('claim', 'diagnosis_codes', 'array'),
    ('claim', 'service_date', 'date'),
    ('claim', 'total_charge', 'number'),
    ('claim', 'claim_number', 'text'),
    ('explanation_of_benefits', 'member_name', 'text'),
    ('explanation_of_benefits', 'member_id', 'text'),
    ('explanation_of_benefits', 'claim_number', 'text'),
    ('explanation_of_benefits', 'service_date', 'date'),
    ('explanation_of_benefits', 'billed_amount', 'number'),
    ('explanation_of_benefits', 'allowed_amount', 'number'),
    ('explanation_of_benefits', 'paid_amount', 'number'),
    ('explanation_of_benefits', 'patient_responsibility', 'number'),
    ('patient_record', 'patient_name', 'text'),
    ('patient_record', 'birth_date', 'date'),
    ('patient_record', 'gender', 'text'),
    ('patient_record', 'patient_id', 'text'),
    ('patient_record', 'address', 'text');

CREATE VIEW docket.invoices WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'invoice_number' AS invoice_number,
       (f ->> 'invoice_date')::date AS invoice_date,
       (f ->> 'due_date')::date AS due_date,
       f ->> 'vendor_name' AS vendor_name,
       f ->> 'vendor_tax_id' AS vendor_tax_id,
       f ->> 'customer_name' AS customer_name,
       f ->> 'currency' AS currency,
       (f ->> 'subtotal_amount')::numeric AS subtotal_amount,
       (f ->> 'tax_amount')::numeric AS tax_amount,
       (f ->> 'total_amount')::numeric AS total_amount,
       f ->> 'iban' AS iban,
       f ->> 'purchase_order' AS purchase_order
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'invoice';

CREATE VIEW docket.receipts WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'merchant_name' AS merchant_name,
       (f ->> 'receipt_date')::date AS receipt_date,
       f ->> 'currency' AS currency,
       (f ->> 'total_amount')::numeric AS total_amount,
       (f ->> 'tax_amount')::numeric AS tax_amount,
       f ->> 'payment_method' AS payment_method
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'receipt';

CREATE VIEW docket.bank_statements WITH (security_invoker = true) AS
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
       (f ->> 'transaction_count')::bigint AS transaction_count
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'bank_statement';

CREATE VIEW docket.payment_orders WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'debtor_name' AS debtor_name,
       f ->> 'debtor_iban' AS debtor_iban,
       f ->> 'creditor_name' AS creditor_name,
       f ->> 'creditor_iban' AS creditor_iban,
       (f ->> 'amount')::numeric AS amount,
       f ->> 'currency' AS currency,
       (f ->> 'execution_date')::date AS execution_date,
       f ->> 'end_to_end_id' AS end_to_end_id
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'payment_order';

CREATE VIEW docket.tax_forms WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'form_type' AS form_type,
       (f ->> 'tax_year')::bigint AS tax_year,
       f ->> 'payer_name' AS payer_name,
       f ->> 'payer_tin' AS payer_tin,
       f ->> 'recipient_name' AS recipient_name,
       f ->> 'recipient_tin' AS recipient_tin,
       (f ->> 'gross_amount')::numeric AS gross_amount,
       (f ->> 'tax_withheld')::numeric AS tax_withheld
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'tax_form';

CREATE VIEW docket.financial_reports WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'entity_name' AS entity_name,
       (f ->> 'period_end')::date AS period_end,
       f ->> 'currency' AS currency,
       (f ->> 'revenue')::numeric AS revenue,
       (f ->> 'net_income')::numeric AS net_income,
       (f ->> 'total_assets')::numeric AS total_assets,
       (f ->> 'total_liabilities')::numeric AS total_liabilities
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'financial_report';

CREATE VIEW docket.clinical_summaries WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'patient_name' AS patient_name,
       (f ->> 'birth_date')::date AS birth_date,
       f ->> 'gender' AS gender,
       f ->> 'patient_id' AS patient_id,
       (f ->> 'document_date')::date AS document_date,
       f ->> 'author_name' AS author_name,
       f ->> 'organization' AS organization,
       f -> 'problems' AS problems,
       f -> 'medications' AS medications,
       f -> 'allergies' AS allergies
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'clinical_summary';

CREATE VIEW docket.lab_reports WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'patient_name' AS patient_name,
       (f ->> 'birth_date')::date AS birth_date,
       (f ->> 'collection_date')::date AS collection_date,
       f ->> 'ordering_provider' AS ordering_provider,
       f ->> 'lab_name' AS lab_name,
       f -> 'results' AS results
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'lab_report';

CREATE VIEW docket.prescriptions WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'patient_name' AS patient_name,
       (f ->> 'birth_date')::date AS birth_date,
       f ->> 'prescriber_name' AS prescriber_name,
       f ->> 'prescriber_npi' AS prescriber_npi,
       f ->> 'drug_name' AS drug_name,
       f ->> 'dose' AS dose,
       (f ->> 'quantity')::numeric AS quantity,
       (f ->> 'refills')::bigint AS refills,
       (f ->> 'prescription_date')::date AS prescription_date
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'prescription';

CREATE VIEW docket.claims WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'patient_name' AS patient_name,
       f ->> 'member_id' AS member_id,
       f ->> 'provider_name' AS provider_name,
       f ->> 'provider_npi' AS provider_npi,
       f -> 'diagnosis_codes' AS diagnosis_codes,
       (f ->> 'service_date')::date AS service_date,
       (f ->> 'total_charge')::numeric AS total_charge,
       f ->> 'claim_number' AS claim_number
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'claim';

CREATE VIEW docket.explanations_of_benefits WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'member_name' AS member_name,
       f ->> 'member_id' AS member_id,
       f ->> 'claim_number' AS claim_number,
       (f ->> 'service_date')::date AS service_date,
       (f ->> 'billed_amount')::numeric AS billed_amount,
       (f ->> 'allowed_amount')::numeric AS allowed_amount,
       (f ->> 'paid_amount')::numeric AS paid_amount,
       (f ->> 'patient_responsibility')::numeric AS patient_responsibility
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'explanation_of_benefits';

CREATE VIEW docket.patient_records WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.status, r.type_confidence,
       r.submitted_by, r.created_at,
       f ->> 'patient_name' AS patient_name,
       (f ->> 'birth_date')::date AS birth_date,
       f ->> 'gender' AS gender,
       f ->> 'patient_id' AS patient_id,
       f ->> 'address' AS address
FROM docket.results r, LATERAL (SELECT coalesce(r.corrected_fields, r.fields) AS f) v
WHERE r.doc_type = 'patient_record';

-- Array fields of lab reports, one row per test.
CREATE VIEW docket.lab_results WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, (e.ordinality - 1)::integer AS position,
       e.value ->> 'test_name' AS test_name, e.value ->> 'loinc_code' AS loinc_code, e.value ->> 'value' AS value,
       e.value ->> 'unit' AS unit, e.value ->> 'reference_range' AS reference_range, e.value ->> 'abnormal_flag' AS abnormal_flag
FROM docket.results r,
     LATERAL (SELECT coalesce(r.corrected_fields, r.fields) -> 'results' AS list) v,
     LATERAL jsonb_array_elements(CASE jsonb_typeof(v.list) WHEN 'array' THEN v.list ELSE '[]' END) WITH ORDINALITY e(value, ordinality)
WHERE r.doc_type = 'lab_report';

CREATE VIEW docket.review_queue WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.job_id, r.document_id, r.item_index, r.file_name, r.doc_type, r.type_confidence,
       r.runner_up, r.reasons, r.fields, r.pipeline, r.pipeline_version, r.submitted_by, r.created_at
FROM docket.results r
WHERE r.status = 'needs_review';

-- Applies a reviewer's corrections ({"field": value, …}; null clears a field), keeping the
-- extracted values and recording each change with who made it. Values are checked against
-- the type's schema so the typed views never meet a value they cannot cast.
CREATE FUNCTION docket.resolve_review(result_id bigint, corrections jsonb DEFAULT '{}')
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target docket.results%ROWTYPE;
    reviewer text := docket.calling_role();
    item record;
    kind text;
    current jsonb;
BEGIN
    IF corrections IS NULL OR jsonb_typeof(corrections) <> 'object' THEN
        RAISE EXCEPTION 'corrections must be a JSON object of field → value' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO target FROM docket.results r WHERE r.id = resolve_review.result_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no result %', resolve_review.result_id USING ERRCODE = 'no_data_found';
    END IF;
    current := coalesce(target.corrected_fields, target.fields);
    FOR item IN SELECT key, value FROM jsonb_each(corrections) LOOP
        SELECT t.kind INTO kind FROM docket.field_types t WHERE t.doc_type = target.doc_type AND t.name = item.key;
        IF kind IS NULL THEN
            RAISE EXCEPTION '% is not a field of %', item.key, target.doc_type USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF jsonb_typeof(item.value) <> 'null' THEN
            BEGIN
                CASE kind
                    WHEN 'date' THEN PERFORM (item.value #>> '{}')::date;
                    WHEN 'number' THEN PERFORM (item.value #>> '{}')::numeric;
                    WHEN 'integer' THEN PERFORM (item.value #>> '{}')::bigint;
                    WHEN 'array' THEN IF jsonb_typeof(item.value) <> 'array' THEN RAISE EXCEPTION 'not an array'; END IF;
                    ELSE IF jsonb_typeof(item.value) <> 'string' THEN RAISE EXCEPTION 'not text'; END IF;
                END CASE;
            EXCEPTION WHEN OTHERS THEN
                RAISE EXCEPTION 'value % is not a valid % for %', item.value, kind, item.key USING ERRCODE = 'invalid_parameter_value';
            END;
        END IF;
        INSERT INTO docket.review_corrections (result_id, field, old_value, new_value, corrected_by)
            VALUES (target.id, item.key, current -> item.key, item.value, reviewer);
        current := CASE WHEN jsonb_typeof(item.value) = 'null' THEN current - item.key
                        ELSE jsonb_set(current, ARRAY[item.key], item.value) END;
        DELETE FROM docket.fields f WHERE f.result_id = target.id AND f.name = item.key;
        IF jsonb_typeof(item.value) <> 'null' THEN
            INSERT INTO docket.fields (result_id, name, value_text, value_number, value_date, confidence, decided_by)
            VALUES (target.id, item.key,
                    CASE WHEN kind = 'array' THEN item.value::text ELSE item.value #>> '{}' END,
                    CASE WHEN kind IN ('number', 'integer') THEN (item.value #>> '{}')::numeric END,
                    CASE WHEN kind = 'date' THEN (item.value #>> '{}')::date END,
                    1, 'review');
        END IF;
    END LOOP;
    UPDATE docket.results r
    SET corrected_fields = current, status = 'reviewed', reviewed_by = reviewer, reviewed_at = now()
    WHERE r.id = target.id;
END
$$;

-- The one-call submit API now uses the version of the pipeline the workers run, so a SQL
-- submission after a pipeline change is processed again rather than deduplicated.
CREATE OR REPLACE FUNCTION docket.submit(
    name text, content bytea, pipeline text DEFAULT 'default', priority integer DEFAULT 0,
    metadata jsonb DEFAULT '{}'
) RETURNS bigint
LANGUAGE sql SECURITY INVOKER AS $$
    SELECT job_id FROM docket.submit_batch(ARRAY[name], ARRAY[content], pipeline, priority, ARRAY[metadata], 'sql',
        coalesce((SELECT p.version FROM docket.pipelines p WHERE p.name = submit.pipeline), '1'))
$$;

-- Roles. A submitter reads the results of its own jobs only; readers and reviewers read all
-- results but never document content; reviewers resolve reviews.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'docket_reviewer') THEN
        CREATE ROLE docket_reviewer NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA docket TO docket_reviewer;

ALTER TABLE docket.results ENABLE ROW LEVEL SECURITY;
ALTER TABLE docket.fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE docket.review_corrections ENABLE ROW LEVEL SECURITY;
CREATE POLICY submitter_own_results ON docket.results FOR SELECT TO docket_submitter
    USING (submitted_by = docket.calling_role());
CREATE POLICY submitter_own_fields ON docket.fields FOR SELECT TO docket_submitter
    USING (result_id IN (SELECT id FROM docket.results));
CREATE POLICY all_results ON docket.results TO docket_worker, docket_reader, docket_reviewer USING (true) WITH CHECK (true);
CREATE POLICY all_fields ON docket.fields TO docket_worker, docket_reader, docket_reviewer USING (true) WITH CHECK (true);
CREATE POLICY all_corrections ON docket.review_corrections TO docket_worker, docket_reader, docket_reviewer USING (true);

GRANT SELECT ON docket.results, docket.fields, docket.field_types TO docket_submitter, docket_reader, docket_reviewer, docket_worker;
GRANT SELECT ON docket.review_corrections TO docket_reader, docket_reviewer;
GRANT INSERT, DELETE ON docket.results, docket.fields TO docket_worker;
GRANT SELECT, INSERT, UPDATE ON docket.pipelines TO docket_worker;
GRANT SELECT ON docket.pipelines TO docket_submitter;
GRANT SELECT ON docket.invoices, docket.receipts, docket.bank_statements, docket.payment_orders, docket.tax_forms,
    docket.financial_reports, docket.clinical_summaries, docket.lab_reports, docket.lab_results, docket.prescriptions,
    docket.claims, docket.explanations_of_benefits, docket.patient_records, docket.review_queue
    TO docket_submitter, docket_reader, docket_reviewer, docket_worker;
REVOKE ALL ON FUNCTION docket.resolve_review(bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION docket.resolve_review(bigint, jsonb) TO docket_reviewer;
