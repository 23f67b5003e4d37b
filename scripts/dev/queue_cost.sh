#!/usr/bin/env bash
# Where a Docket claim+complete spends its server time beyond the bare SKIP LOCKED loop: the same
# cycle (claim 100, complete them) run by pgbench as one server-side function per variant, one
# client, synchronous_commit off, so only the statements' CPU is timed. Variants, each adding to
# the one before:
#   bare        the bare loop's table and statements (what `docket bench queue` calls raw)
#   on_jobs     the bare statements on docket.jobs (its wider row, enum state, constraints)
#   row_writes  plus what Docket's claim and completion write on the row (attempts, updated_at,
#               finished_at, event_ids)
#   docket      plus the audit rows (job_event_log) and the batch's lease row: the statements
#               JobQueue runs
# Prints cycles/s per round and the best of each (a shared box swings by a third).
#
#   scripts/dev/queue_cost.sh URL [ROUNDS]     URL: a database the script may create "queue_cost" beside
set -euo pipefail
url=${1:?usage: queue_cost.sh URL [ROUNDS]}
rounds=${2:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
db=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/queue_cost")))' "$url")
psql "$url" -qc "DROP DATABASE IF EXISTS queue_cost" -c "CREATE DATABASE queue_cost" 2>/dev/null
"$here"/.build/release/docket migrate --database "$db" --migrations "$here"/migrations >/dev/null 2>&1
work=$(mktemp -d)
trap 'rm -rf "$work"; psql "$url" -qc "DROP DATABASE IF EXISTS queue_cost" 2>/dev/null' EXIT
psql "$db" -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO docket.documents (sha256, file_name, media_type, size_bytes, source) VALUES (sha256('x'), 'x', 'application/pdf', 1, 'cli');
CREATE TABLE bench_raw (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state smallint NOT NULL DEFAULT 0,
    priority smallint NOT NULL DEFAULT 0, run_at timestamptz NOT NULL DEFAULT now(),
    lease_owner text, lease_expires_at timestamptz);
CREATE INDEX bench_raw_claimable ON bench_raw (priority, run_at, id) WHERE state = 0;
CREATE FUNCTION bare(owner text, n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE ids bigint[]; t timestamptz := clock_timestamp();
BEGIN
  WITH c AS (SELECT id FROM bench_raw WHERE state = 0 AND run_at <= t ORDER BY priority, run_at, id LIMIT n FOR UPDATE SKIP LOCKED),
  u AS (UPDATE bench_raw b SET state = 1, lease_owner = owner, lease_expires_at = t + interval '60 seconds'
        WHERE b.id = ANY(ARRAY(SELECT id FROM c)) RETURNING b.id)
  SELECT array_agg(id) INTO ids FROM u;
  UPDATE bench_raw SET state = 2, lease_owner = NULL, lease_expires_at = NULL WHERE id = ANY(ids) AND lease_owner = owner AND state = 1;
  RETURN coalesce(cardinality(ids), 0);
END $$;
CREATE FUNCTION on_jobs(owner text, n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE ids bigint[]; t timestamptz := clock_timestamp();
BEGIN
  WITH c AS (SELECT id FROM docket.jobs WHERE state IN ('queued', 'retrying') AND run_at <= t ORDER BY priority, run_at, id LIMIT n FOR UPDATE SKIP LOCKED),
  u AS (UPDATE docket.jobs b SET state = 'running', lease_owner = owner, lease_expires_at = t + interval '60 seconds'
        WHERE b.id = ANY(ARRAY(SELECT id FROM c)) RETURNING b.id)
  SELECT array_agg(id) INTO ids FROM u;
  UPDATE docket.jobs SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL WHERE id = ANY(ids) AND lease_owner = owner AND state = 'running';
  RETURN coalesce(cardinality(ids), 0);
END $$;
CREATE FUNCTION row_writes(owner text, n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE ids bigint[]; t timestamptz := clock_timestamp(); ev bigint := nextval('docket.job_event_log_id_seq');
BEGIN
  WITH c AS (SELECT id FROM docket.jobs WHERE state IN ('queued', 'retrying') AND run_at <= t ORDER BY priority, run_at, id LIMIT n FOR UPDATE SKIP LOCKED),
  u AS (UPDATE docket.jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = owner,
            lease_expires_at = t + make_interval(secs => 300), updated_at = t, event_ids = j.event_ids || ev
        WHERE j.id = ANY(ARRAY(SELECT id FROM c)) RETURNING j.id)
  SELECT array_agg(id) INTO ids FROM u;
  UPDATE docket.jobs j SET state = 'succeeded', run_at = t, lease_owner = NULL, lease_expires_at = NULL, updated_at = t,
      finished_at = t, event_ids = j.event_ids || nextval('docket.job_event_log_id_seq')
  FROM unnest(ids) AS i(id) WHERE j.id = i.id AND j.state = 'running' AND j.lease_owner = owner AND j.lease_expires_at > t;
  RETURN coalesce(cardinality(ids), 0);
END $$;
SQL
# The Docket variant restates JobQueue.claim and its succeeded-only completion (migration 010) in
# one function; keep it in step when those statements change.
psql "$db" -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE FUNCTION docket(who text, n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE ids bigint[]; lease bigint; t timestamptz := clock_timestamp(); k int;
BEGIN
  WITH event AS MATERIALIZED (SELECT nextval('docket.job_event_log_id_seq') AS id), candidates AS (
      SELECT id, state FROM docket.jobs WHERE state IN ('queued', 'retrying') AND run_at <= t
      ORDER BY priority, run_at, id LIMIT n FOR UPDATE SKIP LOCKED
  ), claimed AS (
      UPDATE docket.jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = who,
          lease_expires_at = t + make_interval(secs => 300), updated_at = t,
          event_ids = j.event_ids || (SELECT id FROM event)
      WHERE j.id = ANY(ARRAY(SELECT id FROM candidates))
      RETURNING j.id, j.document_id, j.pipeline, j.pipeline_version, j.attempts, j.max_attempts
  ), events AS (
      INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts) OVERRIDING SYSTEM VALUE
      SELECT (SELECT id FROM event), t, who, array_agg(c.id), array_agg(k.state), array_agg('running'::docket.job_state), array_agg(c.attempts)
      FROM claimed c JOIN candidates k ON k.id = c.id HAVING count(*) > 0
  ), leases AS (
      INSERT INTO docket.job_leases (id, owner, job_ids, expires_at)
      SELECT (SELECT id FROM event), who, array_agg(id), t + make_interval(secs => 300) FROM claimed HAVING count(*) > 0
  )
  SELECT array_agg(id), (SELECT id FROM event) INTO ids, lease FROM claimed;
  IF ids IS NULL THEN RETURN 0; END IF;
  WITH event AS MATERIALIZED (SELECT nextval('docket.job_event_log_id_seq') AS id), updated AS (
      UPDATE docket.jobs j
      SET state = 'succeeded', run_at = t, lease_owner = NULL, lease_expires_at = NULL, updated_at = t,
          output = NULL, finished_at = t, event_ids = j.event_ids || (SELECT id FROM event)
      FROM unnest(ids, array_fill(''::text, ARRAY[cardinality(ids)])) AS i(id, output)
      WHERE j.id = i.id AND j.state = 'running' AND j.lease_owner = who AND j.lease_expires_at > t
      RETURNING j.id, j.attempts
  ), events AS (
      INSERT INTO docket.job_event_log (id, at, actor, job_ids, from_states, to_states, attempts) OVERRIDING SYSTEM VALUE
      SELECT (SELECT id FROM event), t, who, array_agg(id), array_fill('running'::docket.job_state, ARRAY[count(*)::int]),
             array_fill('succeeded'::docket.job_state, ARRAY[count(*)::int]), array_agg(attempts)
      FROM updated HAVING count(*) > 0
  ), settled AS (
      DELETE FROM docket.job_leases WHERE id = ANY(ARRAY[lease]) AND owner = who AND job_ids <@ ARRAY(SELECT id FROM updated)
  )
  SELECT count(*) INTO k FROM updated;
  RETURN k;
END $$;
SQL
load() {
    psql "$db" -q >/dev/null 2>&1 <<'SQL'
TRUNCATE bench_raw;
DELETE FROM docket.job_leases;
ALTER TABLE docket.jobs DISABLE TRIGGER USER;
DELETE FROM docket.jobs;
ALTER TABLE docket.jobs ENABLE TRIGGER USER;
INSERT INTO docket.jobs (document_id, submitted_by, pipeline_version) SELECT (SELECT min(id) FROM docket.documents), 'bench', '4' FROM generate_series(1, 160000);
INSERT INTO bench_raw (state) SELECT 0 FROM generate_series(1, 160000);
VACUUM FULL docket.jobs; VACUUM FULL bench_raw; ANALYZE docket.jobs; ANALYZE bench_raw;
CHECKPOINT;
SQL
}
declare -A best
variants="bare on_jobs row_writes docket"
for round in $(seq 1 "$rounds"); do
    line="round $round:"
    for v in $variants; do
        load
        echo "SELECT $v('w' || :client_id, 100);" > "$work/$v.pgb"
        tps=$(PGOPTIONS='-c synchronous_commit=off' pgbench -n -c 1 -j 1 -t 1500 -f "$work/$v.pgb" "$db" 2>&1 | awk '/^tps/ {printf "%.0f", $3; exit}')
        line="$line $v $tps"
        if [ -z "${best[$v]:-}" ] || [ "$tps" -gt "${best[$v]}" ]; then best[$v]=$tps; fi
    done
    echo "$line"
done
echo "best cycles/s (100 jobs each):"
for v in $variants; do printf '  %-10s %5s  %.2f of bare\n' "$v" "${best[$v]}" "$(echo "${best[$v]} / ${best[bare]}" | bc -l)"; done
