-- Each job lists its own audit rows: jobs.event_ids, appended to by the same statement that
-- writes the row. The GIN index on job_event_log.job_ids, which found a job's rows before, goes.
--
-- Why: every claim and completion of a batch of 100 added 100 keys to that GIN index, about as
-- many index entries as the job rows' own new versions. Draining 100,000 no-op jobs from a copy
-- of one database (docket worker --handler noop --concurrency 4 --batch 100, three runs each):
-- 4.53-4.71 s and 72-75 ms of server CPU per 1,000 jobs with the index, 3.73-3.97 s and 60-63 ms
-- without it; with the appends below, 4.15-4.71 s against 4.82-5.31 s for 006 in a later set of
-- runs (the box had slowed). A job's history is now its event_ids read by primary key: a few rows, however
-- long the log, and the job row grows by 8 bytes per state change.
--
-- Every statement that writes job_event_log draws the row's id first (one nextval), puts it in
-- event_ids of the jobs it moves, and inserts the row with that id. submit_batch is restated
-- from 006 with only that change.

ALTER TABLE docket.jobs ADD COLUMN event_ids bigint[] NOT NULL DEFAULT '{}';
UPDATE docket.jobs j SET event_ids = coalesce(
    (SELECT array_agg(e.id ORDER BY e.id) FROM docket.job_event_log e WHERE e.job_ids @> ARRAY[j.id]), '{}');
DROP INDEX docket.job_event_log_jobs;
GRANT USAGE ON SEQUENCE docket.job_event_log_id_seq TO docket_worker;

-- One job's history through its event_ids.
CREATE OR REPLACE FUNCTION docket.job_history(job bigint)
RETURNS TABLE (at timestamptz, actor text, from_state docket.job_state, to_state docket.job_state,
               attempt integer, error_code text, error text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT e.at, e.actor, u.from_state, u.to_state, u.attempt, u.error_code, u.error
    FROM docket.jobs j
    JOIN docket.job_event_log e ON e.id = ANY(j.event_ids)
    CROSS JOIN LATERAL unnest(e.job_ids, e.from_states, e.to_states, e.attempts, e.error_codes, e.errors)
        AS u(job_id, from_state, to_state, attempt, error_code, error)
    WHERE j.id = job AND u.job_id = job
      AND (docket.sees_all_jobs() OR j.submitted_by = docket.calling_role())
    ORDER BY e.id
$$;

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
    document_sequence text := pg_get_serial_sequence('docket.documents', 'id');
    job_sequence text := pg_get_serial_sequence('docket.jobs', 'id');
    event_id bigint;
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

    -- Only for batches: the block is a subtransaction, and a client calling submit() row by row
    -- inside one long transaction would pile up one per call (past 64, every other session's
    -- snapshots must look them up in pg_subtrans). A bulk submission takes one per 1,000 rows.
    IF cardinality(names) >= 16 THEN
        BEGIN
            event_id := nextval('docket.job_event_log_id_seq');
            -- Both ids are drawn row by row after the subquery's sort, so document and job ids
            -- follow input order; MATERIALIZED draws them once for all four inserts.
            WITH input AS MATERIALIZED (
                SELECT t.*, nextval(document_sequence) AS document_id, nextval(job_sequence) AS job_id
                FROM (SELECT n, c, s, o FROM unnest(names, contents, shas) WITH ORDINALITY AS u(n, c, s, o) ORDER BY o) t
            ), stored AS (
                INSERT INTO docket.documents (id, sha256, file_name, media_type, size_bytes, content, source, metadata)
                    OVERRIDING SYSTEM VALUE
                    SELECT i.document_id, i.s, i.n, docket.sniff_media_type(i.c, i.n), octet_length(i.c), i.c,
                           submit_batch.source, coalesce(submit_batch.metadata[i.o], '{}')
                    FROM input i ORDER BY i.o
            ), keyed AS (
                INSERT INTO docket.job_keys (document_id, submitted_by, pipeline, pipeline_version, job_id)
                    SELECT i.document_id, submitter, submit_batch.pipeline, submit_batch.pipeline_version, i.job_id
                    FROM input i ORDER BY i.o
            ), created AS (
                INSERT INTO docket.jobs (id, document_id, pipeline, pipeline_version, priority, max_attempts, submitted_by, event_ids)
                    OVERRIDING SYSTEM VALUE
                    SELECT i.job_id, i.document_id, submit_batch.pipeline, submit_batch.pipeline_version,
                           submit_batch.priority, submit_batch.max_attempts, submitter, ARRAY[event_id]
                    FROM input i ORDER BY i.o
            ), events AS (
                INSERT INTO docket.job_event_log (id, actor, job_ids, to_states, attempts)
                    OVERRIDING SYSTEM VALUE
                    SELECT event_id, submitter, array_agg(i.job_id ORDER BY i.o), array_agg('queued'::docket.job_state), array_agg(0)
                    FROM input i HAVING count(*) > 0
            )
            SELECT array_agg(i.job_id ORDER BY i.o) INTO ids FROM input i;
            RETURN QUERY SELECT t.o, t.id FROM unnest(ids) WITH ORDINALITY AS t(id, o);
            RETURN;
        EXCEPTION WHEN unique_violation THEN
            -- A content stored before, given twice, or stored by a concurrent call: merge below.
            NULL;
        END;
    END IF;

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
        event_id := nextval('docket.job_event_log_id_seq');
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
            INSERT INTO docket.jobs (id, document_id, pipeline, pipeline_version, priority, max_attempts, submitted_by, event_ids)
                OVERRIDING SYSTEM VALUE
                SELECT k.job_id, k.document_id, submit_batch.pipeline, submit_batch.pipeline_version,
                       submit_batch.priority, submit_batch.max_attempts, submitter, ARRAY[event_id]
                FROM keyed k ORDER BY k.job_id
                RETURNING id, document_id
        ), existing AS (
            SELECT k.job_id AS id, k.document_id FROM docket.job_keys k
            WHERE k.document_id = ANY(ARRAY(SELECT document_id FROM docs EXCEPT SELECT document_id FROM keyed))
              AND k.submitted_by = submitter AND k.pipeline = submit_batch.pipeline
              AND k.pipeline_version = submit_batch.pipeline_version AND k.ended_job = 0
        ), events AS (
            INSERT INTO docket.job_event_log (id, actor, job_ids, to_states, attempts)
                OVERRIDING SYSTEM VALUE
                SELECT event_id, submitter, array_agg(id ORDER BY id), array_agg('queued'::docket.job_state), array_agg(0)
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
