-- submit_batch keeps its statements' plans between calls again, and those plans always use
-- the indexes.
--
-- Why: since 002 the function re-planned every statement on every call (plan_cache_mode =
-- force_custom_plan), because a plan cached while the tables were empty scanned them whole
-- once they had grown. Planning the merging path's statements was most of a one-document
-- submit(): 2.46 ms of server time per call, 1.07 ms with cached plans (pgbench, one client,
-- synchronous_commit off, 100,000 stored documents). With enable_seqscan off inside the
-- function every lookup it makes has an index path, so a plan cached on empty tables is the
-- same as one made later: submitting 20 documents one by one on empty tables and 200 more
-- after another connection stored 200,000 (autovacuum off, so no ANALYZE in between) took
-- 3.09 then 1.51 ms per call; cached without the setting, 2.32 then 29.65 ms. Batches of 1,000
-- run their statements as before. `docket bench queue --rounds 2`: one submit() per
-- transaction 305-333 -> 513-689 rows/s; batched enqueue unchanged or better (one connection
-- 20,200-21,300 -> 21,100-22,400 rows/s, two 34,100-36,900 -> 38,400-45,500).

ALTER FUNCTION docket.submit_batch(text[], bytea[], text, integer, jsonb[], text, text, integer)
    SET plan_cache_mode = auto;
ALTER FUNCTION docket.submit_batch(text[], bytea[], text, integer, jsonb[], text, text, integer)
    SET enable_seqscan = off;
