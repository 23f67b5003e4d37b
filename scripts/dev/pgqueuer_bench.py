"""PgQueuer beside `docket bench queue`: enqueue N no-op jobs, then drain them with P consumer
processes in PgQueuer's drain mode, and print jobs/s. Not used by the tests.

    pip install pgqueuer asyncpg
    createdb pgq && PGDATABASE=pgq python3 -m pgqueuer install
    python3 scripts/dev/pgqueuer_bench.py DSN JOBS PROCESSES BATCH
"""
import asyncio
import multiprocessing
import sys
import time
from datetime import timedelta

import asyncpg
from pgqueuer.db import AsyncpgDriver
from pgqueuer.domain.types import QueueExecutionMode
from pgqueuer.qm import QueueManager
from pgqueuer.queries import Queries


async def enqueue(dsn, count):
    connection = await asyncpg.connect(dsn)
    queries = Queries(AsyncpgDriver(connection))
    for start in range(0, count, 1000):
        size = min(1000, count - start)
        await queries.enqueue(["noop"] * size, [None] * size, [0] * size)
    await connection.close()


async def drain(dsn, batch):
    connection = await asyncpg.connect(dsn)
    manager = QueueManager(Queries(AsyncpgDriver(connection)))

    @manager.entrypoint("noop")
    async def noop(job):
        pass

    await manager.run(batch_size=batch, mode=QueueExecutionMode.drain, dequeue_timeout=timedelta(seconds=1))


def consumer(dsn, batch):
    asyncio.run(drain(dsn, batch))


if __name__ == "__main__":
    dsn, jobs, processes, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    asyncio.run(enqueue(dsn, jobs))
    started = time.time()
    workers = [multiprocessing.Process(target=consumer, args=(dsn, batch)) for _ in range(processes)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"PgQueuer, {processes} process(es), batch {batch}: {jobs / (time.time() - started):.0f} jobs/s")
