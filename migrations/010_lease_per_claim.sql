-- Expired leases are found through one row per claimed batch (docket.job_leases) instead of an
-- index over every running job. The job row keeps its own lease (owner and expiry), which is
-- what completions, heartbeats and rescue check; the batch row only says where to look.
--
-- Why: a claim rewrites each job row it takes, and every index whose predicate the running
-- version satisfies gets one entry per job. jobs_leases (owner, expiry, over running jobs) was
-- the only such index besides the primary key, so a claim of 100 jobs made 100 entries in it
-- that nothing but the rescue query, every few seconds, ever read. `docket bench queue` with
-- pg_stat_statements (batch 100, 4 connections): adding the same index to the bare loop's table
-- moved its claim from 1.94 to 2.78 ms per batch, most of the gap to Docket's 3.10 ms. One
-- row per batch (one heap tuple and one primary-key entry) replaces those 100 entries.
--
-- Completions, heartbeats and the lock before result writes find their jobs by primary key
-- (`id = ANY(...)`), which they always named; the owner in the old index only kept generic
-- plans off everyone else's running jobs (migration 008), and without it no other index
-- covers running jobs.

CREATE TABLE docket.job_leases (
    -- The claim statement's audit row id: drawn once per claim already.
    id          bigint PRIMARY KEY,
    owner       text NOT NULL,
    job_ids     bigint[] NOT NULL CHECK (cardinality(job_ids) > 0),
    -- Never earlier than the lease of any job it lists that this owner still holds: the claim
    -- writes both from one value, and a heartbeat extends both in one statement.
    expires_at  timestamptz NOT NULL
-- A batch of 100 ids is about 850 bytes; kept uncompressed and inline, as job_event_log.
) WITH (toast_tuple_target = 8160);

-- Jobs running when this migration runs, one row per owner.
INSERT INTO docket.job_leases (id, owner, job_ids, expires_at)
    SELECT nextval('docket.job_event_log_id_seq'), lease_owner, array_agg(id ORDER BY id), max(lease_expires_at)
    FROM docket.jobs WHERE state = 'running'
    GROUP BY lease_owner;

DROP INDEX docket.jobs_leases;

GRANT SELECT, INSERT, UPDATE, DELETE ON docket.job_leases TO docket_worker;
