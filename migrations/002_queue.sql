-- The durable queue: documents, jobs and their append-only history.
--
-- State changes are set-based statements in the Queue module (claim, complete, fail, rescue),
-- each of which writes its job_events rows in the same statement, so a batch of 100 jobs costs
-- one round trip and one WAL flush, not 100.

CREATE TABLE docket.settings (
    key   text PRIMARY KEY,
    value jsonb NOT NULL
);
INSERT INTO docket.settings (key, value) VALUES ('max_document_bytes', '104857600');

CREATE TABLE docket.documents (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256      bytea NOT NULL UNIQUE CHECK (octet_length(sha256) = 32),
    file_name   text NOT NULL,
    media_type  text NOT NULL,
    size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
    -- NULL once retention has purged it; size and hash stay for the audit trail.
    content     bytea,
    source      text NOT NULL CHECK (source IN ('inbox', 'sql', 'cli')),
    metadata    jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE docket.job_state AS ENUM ('queued', 'running', 'succeeded', 'retrying', 'dead', 'cancelled');

CREATE TABLE docket.jobs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id      bigint NOT NULL REFERENCES docket.documents (id),
    pipeline         text NOT NULL DEFAULT 'default',
    pipeline_version text NOT NULL DEFAULT '1',
    state            docket.job_state NOT NULL DEFAULT 'queued',
    -- Smaller runs first: 0 is the default, negative numbers jump the queue.
    priority         smallint NOT NULL DEFAULT 0,
    attempts         integer NOT NULL DEFAULT 0,
    max_attempts     integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    run_at           timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_expires_at timestamptz,
    last_error_code  text,
    last_error       text,
    -- What the handler reported (the digest handler: size and hash); results land in their own tables.
    output           jsonb,
    submitted_by     text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- The claim query walks this index in claim order and stops after LIMIT rows.
CREATE INDEX jobs_claimable ON docket.jobs (priority, run_at, id) WHERE state IN ('queued', 'retrying');
-- Rescue scans only running jobs.
CREATE INDEX jobs_leases ON docket.jobs (lease_expires_at) WHERE state = 'running';
-- Idempotent submission: one live job per document, submitter and pipeline version. A dead or
-- cancelled job does not count, so the same file can be submitted again after a failure. It also
-- serves lookups by document for live jobs, so there is no separate document_id index: every
-- index on jobs is written again at each state change, and the queue changes state twice per job.
CREATE UNIQUE INDEX jobs_idempotency ON docket.jobs (document_id, submitted_by, pipeline, pipeline_version)
    WHERE state NOT IN ('dead', 'cancelled');

-- No primary key and no foreign key: rows are only ever appended, by the same statements that
-- change the job, and each would otherwise cost an index entry or a lookup-and-lock of the job
-- row on the queue's hottest path (two events per job). `id` orders a job's history.
CREATE TABLE docket.job_events (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    job_id      bigint NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    from_state  docket.job_state,
    to_state    docket.job_state NOT NULL,
    attempt     integer NOT NULL DEFAULT 0,
    error_code  text,
    error       text
);
CREATE INDEX job_events_job ON docket.job_events (job_id, id);

-- The audit trail is append-only, for everyone including the owner.
CREATE FUNCTION docket.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'docket.job_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER job_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON docket.job_events
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();

-- Wake idle workers once per inserting statement (NOTIFY also folds duplicates per transaction).
CREATE FUNCTION docket.notify_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('docket_jobs', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT ON docket.jobs FOR EACH STATEMENT EXECUTE FUNCTION docket.notify_jobs();

-- The role a statement really runs as. Inside SECURITY DEFINER functions current_user is the
-- owner, but the `role` setting still shows the caller's SET ROLE.
CREATE FUNCTION docket.calling_role() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN current_setting('role') = 'none' THEN session_user::text ELSE current_setting('role') END
$$;

-- A media type from the first bytes, so SQL submitters need not name one. PL/pgSQL, not SQL:
-- a SQL function that is not inlined is planned again on every call.
CREATE FUNCTION docket.sniff_media_type(content bytea, name text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    head bytea := substring(content FROM 1 FOR 8);
BEGIN
    IF substring(head FROM 1 FOR 5) = '\x255044462d'::bytea THEN RETURN 'application/pdf'; END IF;
    IF substring(head FROM 1 FOR 3) = '\xffd8ff'::bytea THEN RETURN 'image/jpeg'; END IF;
    IF head = '\x89504e470d0a1a0a'::bytea THEN RETURN 'image/png'; END IF;
    IF substring(head FROM 1 FOR 4) IN ('\x49492a00'::bytea, '\x4d4d002a'::bytea) THEN RETURN 'image/tiff'; END IF;
    IF substring(head FROM 1 FOR 4) = '\x504b0304'::bytea THEN RETURN 'application/zip'; END IF;
    IF head = '\xd0cf11e0a1b11ae1'::bytea THEN RETURN 'application/x-ole-storage'; END IF;
    IF lower(name) ~ '\.(xml|xbrl)$'
       OR ltrim(convert_from(substring(content FROM 1 FOR 64), 'SQL_ASCII'), E' \t\r\n\ufeff') LIKE '<%' THEN
        RETURN 'application/xml';
    END IF;
    IF lower(name) ~ '\.(eml|msg)$' THEN RETURN 'message/rfc822'; END IF;
    RETURN 'text/plain';
END
$$;

-- Submits many documents at once; returns one job id per input position (1-based `ord`).
-- The same content is stored once (sha256); the same submitter sending the same document to
-- the same pipeline version gets its live job back instead of a second one.
CREATE FUNCTION docket.submit_batch(
    names text[], contents bytea[], pipeline text DEFAULT 'default', priority integer DEFAULT 0,
    metadata jsonb[] DEFAULT NULL, source text DEFAULT 'sql', pipeline_version text DEFAULT '1',
    max_attempts integer DEFAULT 5
) RETURNS TABLE (ord bigint, job_id bigint)
LANGUAGE plpgsql SECURITY DEFINER
-- Plan every call with its real array sizes and the tables' current size: a plan cached while
-- the tables were small (sequential scans) would otherwise be kept as they grow.
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
    submitter text := docket.calling_role();
    max_bytes bigint := (SELECT value::bigint FROM docket.settings WHERE key = 'max_document_bytes');
    shas bytea[];
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

    -- Each content is stored once. A concurrent submitter inserting the same content makes this
    -- wait for it, and the next statement (a new snapshot) then sees its row.
    INSERT INTO docket.documents (sha256, file_name, media_type, size_bytes, content, source, metadata)
        SELECT DISTINCT ON (t.s) t.s, t.n, docket.sniff_media_type(t.c, t.n), octet_length(t.c), t.c,
               submit_batch.source, coalesce(submit_batch.metadata[t.o], '{}')
        FROM unnest(names, contents, shas) WITH ORDINALITY AS t(n, c, s, o)
        ORDER BY t.s, t.o
        ON CONFLICT (sha256) DO NOTHING;

    -- One live job per document for this submitter and pipeline version; ids follow input order.
    -- Rarely a concurrent call by the same submitter creates the job this snapshot cannot see
    -- yet; the loop runs the statement again with a fresh snapshot.
    FOR attempt IN 1..5 LOOP
        -- The = ANY(...) conditions keep both lookups on their indexes; a plain join against the
        -- unnested input was planned as a scan of the whole table on every call.
        WITH docs AS (
            SELECT t.o, d.id AS document_id
            FROM unnest(shas) WITH ORDINALITY AS t(s, o) JOIN docket.documents d ON d.sha256 = t.s
            WHERE d.sha256 = ANY(shas)
        ), created AS (
            INSERT INTO docket.jobs (document_id, pipeline, pipeline_version, priority, max_attempts, submitted_by)
                SELECT docs.document_id, submit_batch.pipeline, submit_batch.pipeline_version,
                       submit_batch.priority, submit_batch.max_attempts, submitter
                FROM docs GROUP BY docs.document_id ORDER BY min(docs.o)
                ON CONFLICT (document_id, submitted_by, pipeline, pipeline_version)
                    WHERE state NOT IN ('dead', 'cancelled') DO NOTHING
                RETURNING id, document_id
        ), existing AS (
            SELECT j.id, j.document_id FROM docket.jobs j
            WHERE j.document_id = ANY(ARRAY(SELECT document_id FROM docs)) AND j.submitted_by = submitter
              AND j.pipeline = submit_batch.pipeline AND j.pipeline_version = submit_batch.pipeline_version
              AND j.state NOT IN ('dead', 'cancelled')
        ), events AS (
            INSERT INTO docket.job_events (job_id, actor, to_state)
                SELECT id, submitter, 'queued' FROM created
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

-- The one-call API for backend services: SELECT docket.submit('a.pdf', pg_read_binary_file(...)).
CREATE FUNCTION docket.submit(
    name text, content bytea, pipeline text DEFAULT 'default', priority integer DEFAULT 0,
    metadata jsonb DEFAULT '{}'
) RETURNS bigint
LANGUAGE sql SECURITY INVOKER AS $$
    SELECT job_id FROM docket.submit_batch(ARRAY[name], ARRAY[content], pipeline, priority, ARRAY[metadata], 'sql')
$$;

-- Roles. Submitters reach tables only through the functions above and see only their own jobs.
ALTER TABLE docket.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docket.job_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY submitter_own_jobs ON docket.jobs FOR SELECT TO docket_submitter
    USING (submitted_by = docket.calling_role());
CREATE POLICY submitter_own_events ON docket.job_events FOR SELECT TO docket_submitter
    USING (job_id IN (SELECT id FROM docket.jobs));
CREATE POLICY worker_all_jobs ON docket.jobs TO docket_worker USING (true) WITH CHECK (true);
CREATE POLICY worker_all_events ON docket.job_events TO docket_worker USING (true) WITH CHECK (true);

REVOKE ALL ON FUNCTION docket.submit_batch(text[], bytea[], text, integer, jsonb[], text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION docket.submit_batch(text[], bytea[], text, integer, jsonb[], text, text, integer)
    TO docket_submitter, docket_worker;
GRANT EXECUTE ON FUNCTION docket.submit(text, bytea, text, integer, jsonb) TO docket_submitter, docket_worker;
GRANT SELECT (id, document_id, pipeline, pipeline_version, state, priority, attempts, max_attempts, run_at,
              last_error_code, last_error, submitted_by, created_at, updated_at, finished_at)
    ON docket.jobs TO docket_submitter;
GRANT SELECT ON docket.job_events TO docket_submitter;
GRANT SELECT, UPDATE ON docket.documents, docket.jobs TO docket_worker;
GRANT SELECT, INSERT ON docket.job_events TO docket_worker;
GRANT SELECT ON docket.settings TO docket_worker;
