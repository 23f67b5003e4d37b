-- Fewer writes per state change: the claim and the completion are each one UPDATE of a job row,
-- and everything else they wrote is moved or folded.
--
-- Why: every state change rewrites the job row and adds an entry to every index whose predicate
-- the new row satisfies, and two things made that far dearer than the bare SKIP LOCKED loop:
--   * jobs_idempotency, a unique index on (document_id, submitted_by, pipeline, pipeline_version)
--     over all live jobs. Each claim and completion added an entry with the same key as the
--     job's earlier versions, and the uniqueness check visited those versions in the heap.
--   * one job_events row (plus its index entry) per job per state change.
-- pgbench on this 2-core box (100,000 no-op jobs, claim 100 + complete, 4 clients, simple
-- protocol, three runs each, noisy): 220-330 batches/s as in 004, 270-360 with the unique index
-- gone, 340-440 with events also folded per statement; the bare loop on a narrow table ran
-- 360-590.

-- One row per job, written once at submission. While the job is live `ended_job` is 0, so the
-- primary key allows one live job per document, submitter and pipeline version; when the job
-- ends dead or cancelled `ended_job` becomes its id and the same content may be submitted again.
-- The key also leads with document_id, which is how jobs are found from their document.
CREATE TABLE docket.job_keys (
    document_id      bigint NOT NULL,
    submitted_by     text NOT NULL,
    pipeline         text NOT NULL,
    pipeline_version text NOT NULL,
    ended_job        bigint NOT NULL DEFAULT 0,
    job_id           bigint NOT NULL,
    PRIMARY KEY (document_id, submitted_by, pipeline, pipeline_version, ended_job)
);
INSERT INTO docket.job_keys (document_id, submitted_by, pipeline, pipeline_version, ended_job, job_id)
    SELECT document_id, submitted_by, pipeline, pipeline_version,
           CASE WHEN state IN ('dead', 'cancelled') THEN id ELSE 0 END, id
    FROM docket.jobs;
DROP INDEX docket.jobs_idempotency;

-- A job ending (dead, cancelled) frees its key; a retried one takes it back, which fails with
-- unique_violation when a newer live job holds it. The WHEN clause is evaluated per row without
-- calling anything, so claims and completions that stay live pay next to nothing.
CREATE FUNCTION docket.follow_job_key() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.state IN ('dead', 'cancelled') THEN
        UPDATE docket.job_keys SET ended_job = NEW.id
        WHERE document_id = NEW.document_id AND submitted_by = NEW.submitted_by AND pipeline = NEW.pipeline
          AND pipeline_version = NEW.pipeline_version AND ended_job = 0 AND job_id = NEW.id;
    ELSE
        UPDATE docket.job_keys SET ended_job = 0
        WHERE document_id = NEW.document_id AND submitted_by = NEW.submitted_by AND pipeline = NEW.pipeline
          AND pipeline_version = NEW.pipeline_version AND ended_job = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_follow_key AFTER UPDATE OF state ON docket.jobs FOR EACH ROW
    WHEN ((NEW.state IN ('dead', 'cancelled')) IS DISTINCT FROM (OLD.state IN ('dead', 'cancelled')))
    EXECUTE FUNCTION docket.follow_job_key();

-- The audit trail, one row per statement: the jobs it moved and, position by position, where
-- each came from and went. A claim or completion of 100 jobs appends one row instead of 100.
-- Found by job through the GIN index on job_ids; read one event per row through the
-- docket.job_events view or docket.job_history(id).
CREATE TABLE docket.job_event_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    job_ids     bigint[] NOT NULL,
    -- NULL for a submission (no state before); otherwise as long as job_ids.
    from_states docket.job_state[],
    to_states   docket.job_state[] NOT NULL,
    attempts    integer[] NOT NULL,
    -- NULL when no job in the statement failed.
    error_codes text[],
    errors      text[],
    CHECK (cardinality(job_ids) > 0 AND cardinality(to_states) = cardinality(job_ids)
           AND cardinality(attempts) = cardinality(job_ids))
-- A row for a batch of 100 is about 2 KB, just past the default point where PostgreSQL starts
-- compressing; compressing every claim's row cost more than the bytes it saved.
) WITH (toast_tuple_target = 8160);
CREATE INDEX job_event_log_jobs ON docket.job_event_log USING gin (job_ids);
CREATE TRIGGER job_event_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON docket.job_event_log
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();

INSERT INTO docket.job_event_log (at, actor, job_ids, from_states, to_states, attempts, error_codes, errors)
    SELECT at, actor, ARRAY[job_id], ARRAY[from_state], ARRAY[to_state], ARRAY[attempt],
           CASE WHEN error_code IS NOT NULL OR error IS NOT NULL THEN ARRAY[error_code] END,
           CASE WHEN error_code IS NOT NULL OR error IS NOT NULL THEN ARRAY[error] END
    FROM docket.job_events ORDER BY id;
DROP TABLE docket.job_events;

-- Whether the role running the statement may see every job's history: workers and the owner.
-- Submitters see their own jobs' only, as the jobs table's row security lets them.
CREATE FUNCTION docket.sees_all_jobs() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(docket.calling_role(), 'docket_worker', 'USAGE')
        OR pg_has_role(docket.calling_role(), (SELECT relowner FROM pg_class WHERE oid = 'docket.jobs'::regclass), 'USAGE')
$$;

-- One row per job per state change, as the table was before this migration. The view runs with
-- its owner's rights (the log has no grants of its own), so it applies the visibility rule
-- itself; security_barrier keeps callers' functions from seeing rows before that filter.
CREATE VIEW docket.job_events WITH (security_barrier) AS
SELECT e.id, u.job_id, e.at, e.actor, u.from_state, u.to_state, u.attempt, u.error_code, u.error
FROM docket.job_event_log e
CROSS JOIN LATERAL unnest(e.job_ids, e.from_states, e.to_states, e.attempts, e.error_codes, e.errors)
    AS u(job_id, from_state, to_state, attempt, error_code, error)
WHERE docket.sees_all_jobs()
   OR u.job_id IN (SELECT j.id FROM docket.jobs j WHERE j.submitted_by = docket.calling_role());

-- One job's history through the GIN index (a filter on the view reads the whole log).
CREATE FUNCTION docket.job_history(job bigint)
RETURNS TABLE (at timestamptz, actor text, from_state docket.job_state, to_state docket.job_state,
               attempt integer, error_code text, error text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT e.at, e.actor, u.from_state, u.to_state, u.attempt, u.error_code, u.error
    FROM docket.job_event_log e
    CROSS JOIN LATERAL unnest(e.job_ids, e.from_states, e.to_states, e.attempts, e.error_codes, e.errors)
        AS u(job_id, from_state, to_state, attempt, error_code, error)
    WHERE e.job_ids @> ARRAY[job] AND u.job_id = job
      AND (docket.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM docket.jobs j WHERE j.id = job AND j.submitted_by = docket.calling_role()))
    ORDER BY e.id
$$;

ALTER TABLE docket.job_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY submitter_own_keys ON docket.job_keys FOR SELECT TO docket_submitter
    USING (submitted_by = docket.calling_role());
CREATE POLICY worker_all_keys ON docket.job_keys FOR SELECT TO docket_worker USING (true);
GRANT SELECT ON docket.job_keys TO docket_submitter, docket_worker;
GRANT SELECT ON docket.job_events TO docket_submitter, docket_worker;
GRANT INSERT ON docket.job_event_log TO docket_worker;
REVOKE ALL ON FUNCTION docket.job_history(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION docket.job_history(bigint) TO docket_submitter, docket_worker;

-- submit_batch as in 004, with the live-job rule kept by job_keys: the key is taken first, with
-- a job id drawn from the jobs' own sequence, and only keys that were free get a job.
CREATE OR REPLACE FUNCTION docket.submit_batch(
    names text[], contents bytea[], pipeline text DEFAULT 'default', priority integer DEFAULT 0,
    metadata jsonb[] DEFAULT NULL, source text DEFAULT 'sql', pipeline_version text DEFAULT '1',
    max_attempts integer DEFAULT 5
) RETURNS TABLE (ord bigint, job_id bigint)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
    submitter text := docket.calling_role();
    max_bytes bigint := (SELECT value::bigint FROM docket.settings WHERE key = 'max_document_bytes');
    job_sequence text := pg_get_serial_sequence('docket.jobs', 'id');
    shas bytea[];
    new_shas bytea[];
    new_ids bigint[];
    ids bigint[];
    too_big record;
BEGIN
    IF coalesce(array_length(names, 1), 0) <> coalesce(array_length(contents, 1), 0) THEN
        RAISE EXCEPTION 'submit_batch needs one name per content (% names, % contents)',
            coalesce(array_length(names, 1), 0), coalesce(array_length(contents, 1), 0)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT n, octet_length(c) AS size INTO too_big
        FROM unnest(names, contents) AS t(n, c) WHERE octet_length(c) > max_bytes LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'document "%" is % bytes, over the limit of % bytes', too_big.n, too_big.size, max_bytes
            USING ERRCODE = 'program_limit_exceeded',
                  HINT = 'raise docket.settings max_document_bytes if such files are expected';
    END IF;
    shas := ARRAY(SELECT sha256(c) FROM unnest(contents) WITH ORDINALITY AS t(c, o) ORDER BY o);

    WITH inserted AS (
        INSERT INTO docket.documents (sha256, file_name, media_type, size_bytes, content, source, metadata)
            SELECT t.s, t.n, docket.sniff_media_type(t.c, t.n), octet_length(t.c), t.c,
                   submit_batch.source, coalesce(submit_batch.metadata[t.o], '{}')
            FROM unnest(names, contents, shas) WITH ORDINALITY AS t(n, c, s, o)
            ORDER BY t.o
            ON CONFLICT (sha256) DO NOTHING
            RETURNING id, sha256
    )
    SELECT array_agg(id), array_agg(sha256) INTO new_ids, new_shas FROM inserted;

    -- A concurrent call by the same submitter may hold a key this snapshot cannot see yet: the
    -- key insert waits for it and skips the key, the lookup misses it, and the loop runs the
    -- statement again with a fresh snapshot.
    FOR attempt IN 1..5 LOOP
        WITH known AS (
            SELECT n.s, n.id FROM unnest(new_shas, new_ids) AS n(s, id)
            UNION ALL
            SELECT d.sha256, d.id FROM docket.documents d
            WHERE d.sha256 = ANY(ARRAY(SELECT s FROM unnest(shas) AS s EXCEPT SELECT s FROM unnest(new_shas) AS s))
        ), docs AS (
            SELECT t.o, k.id AS document_id FROM unnest(shas) WITH ORDINALITY AS t(s, o) JOIN known k ON k.s = t.s
        ), wanted AS (
            -- Ids are drawn after the sort, so they follow input order.
            SELECT w.document_id, nextval(job_sequence) AS id
            FROM (SELECT docs.document_id FROM docs GROUP BY docs.document_id ORDER BY min(docs.o)) w
        ), keyed AS (
            INSERT INTO docket.job_keys (document_id, submitted_by, pipeline, pipeline_version, job_id)
                SELECT w.document_id, submitter, submit_batch.pipeline, submit_batch.pipeline_version, w.id
                FROM wanted w ORDER BY w.id
                ON CONFLICT DO NOTHING
                RETURNING job_id, document_id
        ), created AS (
            INSERT INTO docket.jobs (id, document_id, pipeline, pipeline_version, priority, max_attempts, submitted_by)
                OVERRIDING SYSTEM VALUE
                SELECT k.job_id, k.document_id, submit_batch.pipeline, submit_batch.pipeline_version,
                       submit_batch.priority, submit_batch.max_attempts, submitter
                FROM keyed k ORDER BY k.job_id
                RETURNING id, document_id
        ), existing AS (
            SELECT k.job_id AS id, k.document_id FROM docket.job_keys k
            WHERE k.document_id = ANY(ARRAY(SELECT document_id FROM docs EXCEPT SELECT document_id FROM keyed))
              AND k.submitted_by = submitter AND k.pipeline = submit_batch.pipeline
              AND k.pipeline_version = submit_batch.pipeline_version AND k.ended_job = 0
        ), events AS (
            INSERT INTO docket.job_event_log (actor, job_ids, to_states, attempts)
                SELECT submitter, array_agg(id ORDER BY id), array_agg('queued'::docket.job_state), array_agg(0)
                FROM created HAVING count(*) > 0
        )
        SELECT array_agg(coalesce(c.id, e.id) ORDER BY docs.o) INTO ids
        FROM docs LEFT JOIN created c USING (document_id) LEFT JOIN existing e USING (document_id);
        EXIT WHEN array_position(ids, NULL) IS NULL;
    END LOOP;
    IF array_position(ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'could not settle concurrent submissions of the same document; try again'
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN QUERY SELECT t.o, t.id FROM unnest(ids) WITH ORDINALITY AS t(id, o);
END
$$;
