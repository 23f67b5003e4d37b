#!/usr/bin/env python3
"""Drain no-op jobs with PgQueuer (pip install pgqueuer asyncpg), for comparison with
`docket bench queue` on the same server. Not part of the test suite.

usage: pgqueuer_drain.py SERVER_URL [--jobs N] [--consumers P] [--batch B]
SERVER_URL must let us CREATE DATABASE; a scratch database is made and dropped.
"""
import argparse
import asyncio
import multiprocessing
import time
import uuid
from datetime import timedelta

import asyncpg
from pgqueuer import QueueManager
from pgqueuer.db import AsyncpgDriver
from pgqueuer.queries import Queries
from pgqueuer.types import QueueExecutionMode


def with_database(url: str, name: str) -> str:
    head, _, query = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


async def prepare(url: str, jobs: int) -> None:
    conn = await asyncpg.connect(url)
    await Queries(AsyncpgDriver(conn)).install()
    queries = Queries(AsyncpgDriver(conn))
    for start in range(0, jobs, 1000):
        n = min(1000, jobs - start)
        await queries.enqueue(["noop"] * n, [None] * n, [0] * n)
    await conn.close()


async def consume(url: str, batch: int) -> None:
    conn = await asyncpg.connect(url)
    qm = QueueManager(Queries(AsyncpgDriver(conn)))

    @qm.entrypoint("noop")
    async def noop(job) -> None:
        return None

    await qm.run(batch_size=batch, mode=QueueExecutionMode.drain, dequeue_timeout=timedelta(seconds=1))
    await conn.close()


def consumer_process(url: str, batch: int) -> None:
    asyncio.run(consume(url, batch))


async def admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    await conn.execute(sql)
    await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("server_url")
    parser.add_argument("--jobs", type=int, default=20000)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    name = "pgq_bench_" + uuid.uuid4().hex[:8]
    asyncio.run(admin(args.server_url, f'CREATE DATABASE "{name}"'))
    url = with_database(args.server_url, name)
    try:
        asyncio.run(prepare(url, args.jobs))
        started = time.perf_counter()
        procs = [multiprocessing.Process(target=consumer_process, args=(url, args.batch)) for _ in range(args.consumers)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - started
        print(f"pgqueuer: {args.jobs} jobs, {args.consumers} consumer process(es), batch {args.batch}: "
              f"{args.jobs / elapsed:.0f} jobs/s")
    finally:
        asyncio.run(admin(args.server_url, f'DROP DATABASE "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
