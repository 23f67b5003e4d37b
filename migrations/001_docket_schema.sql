-- The docket schema and the three roles every later migration grants to.
-- Roles are cluster-wide and may already exist (another database on the same server, or a
-- test template), so they are created only when missing.
CREATE SCHEMA IF NOT EXISTS docket;
COMMENT ON SCHEMA docket IS 'Docket: documents, jobs, results. Managed by docket migrate.';

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'docket_submitter') THEN
        CREATE ROLE docket_submitter NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'docket_worker') THEN
        CREATE ROLE docket_worker NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'docket_reader') THEN
        CREATE ROLE docket_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA docket TO docket_submitter, docket_worker, docket_reader;
