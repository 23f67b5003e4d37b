-- The lease index leads with the lease's owner, so a worker's completion, heartbeat and lock of
-- its held rows read its own running jobs, not every running job.
--
-- Why: those statements check `state = 'running' AND lease_owner = $owner AND lease_expires_at
-- > $now` beside `id = ANY($ids)`, and with the generic plans workers use, PostgreSQL took the
-- partial index on lease_expires_at and filtered out everyone else's jobs. With 8,000 other
-- running jobs (EXPLAIN ANALYZE of the completion of 100 jobs in psql, generic plan), it read
-- 8,100 index entries and removed 8,000 (1.4 ms of scan); keyed by owner it reads the 100.
-- The cost grew with the whole fleet's jobs in flight. Rescue, which looks for expired leases of
-- any owner every few seconds, now reads all running entries of this small index instead of
-- the expired range.

DROP INDEX docket.jobs_leases;
CREATE INDEX jobs_leases ON docket.jobs (lease_owner, lease_expires_at) WHERE state = 'running';
