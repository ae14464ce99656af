# asyncpg_workload: concurrent asyncpg sessions whose results must be those of a direct PostgreSQL connection.
"""Runs WORKERS asyncio tasks, each with its own asyncpg connection, through ITERATIONS rounds of a mixed
workload, and prints one JSON line {"client", "workers", "iterations", "backends", "errors", ...}, where
backends counts the distinct pg_backend_pid() values seen; exits 1 on any error.

Usage: asyncpg_workload.py URL WORKERS [ITERATIONS] [TIMEOUT_SECONDS]

All workers connect and set up before any starts its rounds, so every session is open at once (a pooler
with fewer servers than workers must multiplex them). asyncpg prepares every parameterised query as a
named statement (__asyncpg_stmt_N__) and reuses it from its statement cache; an explicitly prepared
statement is also made once and executed in every round, so a pooler in transaction mode must carry the
connection's statements across backends. Each worker keeps its own search_path (pointing at its own
schema, so a wrong one shows as a wrong table) and its own application_name, and checks both after every
round. A round: SET, cached and explicit prepared SELECTs, a committed transaction (SET LOCAL, INSERT,
read-back, same backend pid throughout), a failed one (SET that the rollback must undo, division by
zero, 25P02, rollback), executemany (several Bind/Execute and one Sync) and SHOW checks.
"""
import asyncio
import json
import sys

import asyncpg


class Mismatch(Exception):
    """A result that differs from what PostgreSQL itself returns."""


def expect(actual, expected, what):
    if actual != expected:
        raise Mismatch(f"{what}: got {actual!r}, expected {expected!r}")


class Workload:
    def __init__(self, url, workers, iterations):
        self.url = url
        self.workers = workers
        self.iterations = iterations
        self.errors = []
        self.steps = {}  # worker -> what it is doing, for the timeout report
        self.backend_pids = set()  # every pg_backend_pid() seen, reported as "backends"
        self.arrived = set()  # workers past their setup (or failed): the rounds start when all are
        self.all_arrived = asyncio.Event()

    def fail(self, message):
        self.errors.append(message)
        print(message, file=sys.stderr, flush=True)

    def arrive(self, w):
        self.arrived.add(w)
        if len(self.arrived) == self.workers:
            self.all_arrived.set()

    async def wait_for_all(self, w):
        self.steps[w] = "waiting for every worker to connect"
        self.arrive(w)
        await self.all_arrived.wait()

    async def run_worker(self, w):
        try:
            await self.worker(w)
            self.steps[w] = "done"
        except Exception as e:  # every failure is reported, the other workers go on
            self.fail(f"worker {w} at {self.steps.get(w)}: {type(e).__name__}: {e}".rstrip())
            self.arrive(w)  # a worker that failed during setup must not hold the others back

    async def worker(self, w):
        schema = f"wl_asyncpg_{w}"
        search_path = f"{schema}, public"
        self.steps[w] = "connect"
        conn = await asyncpg.connect(self.url, timeout=10)
        try:
            self.steps[w] = "setup"
            await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            await conn.execute(f"CREATE SCHEMA {schema}")
            await conn.execute(f"CREATE TABLE {schema}.items (id serial PRIMARY KEY, worker int, iter int, note text)")
            await conn.execute(f"SET search_path TO {search_path}")
            product = await conn.prepare("SELECT $1::int * $2::int, $3::text || '!'")
            # prepare() ends with Flush, not Sync: the server stays in an implicit transaction until the
            # next Sync. Executing once closes it (asyncpg_prepare_idle.py covers idling right after prepare).
            expect(tuple(await product.fetchrow(0, w, "")), (0, "!"), "setup: explicitly prepared SELECT")
            await self.wait_for_all(w)
            rows = 0
            for i in range(self.iterations):
                rows = await self.iteration(conn, product, w, i, search_path, rows)
            self.steps[w] = "final count"
            expect(await conn.fetchval("SELECT count(*) FROM items"), rows, "rows at the end")
            await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        finally:
            await conn.close()

    async def iteration(self, conn, product, w, i, search_path, rows):
        at = f"iteration {i}"
        app = f"wl-asyncpg-{w}-{i}"
        steps = self.steps

        steps[w] = f"{at}: SET application_name"
        await conn.execute(f"SET application_name = '{app}'")

        steps[w] = f"{at}: prepared SELECTs"
        row = await conn.fetchrow("SELECT $1::int + $2::int, $3::text", i, w, app)
        expect(tuple(row), (i + w, app), f"{at}: cached prepared SELECT")
        row = await product.fetchrow(i, w, app)
        expect(tuple(row), (i * w, app + "!"), f"{at}: explicitly prepared SELECT")

        steps[w] = f"{at}: committed transaction"
        async with conn.transaction():
            pid = await conn.fetchval("SELECT pg_backend_pid()")
            await conn.execute("SET LOCAL application_name = 'wl-local'")
            new_id = await conn.fetchval("INSERT INTO items (worker, iter, note) VALUES ($1, $2, $3) RETURNING id",
                                         w, i, "txn")
            expect(await conn.fetchval("SELECT note FROM items WHERE id = $1", new_id), "txn",
                   f"{at}: own insert read back inside the transaction")
            expect(await conn.fetchval("SELECT count(*) FROM items"), rows + 1, f"{at}: rows inside the transaction")
            expect(await conn.fetchval("SHOW application_name"), "wl-local", f"{at}: SET LOCAL inside the transaction")
            expect(await product.fetchval(i, 2, ""), i * 2, f"{at}: explicitly prepared SELECT inside the transaction")
            expect(await conn.fetchval("SELECT pg_backend_pid()"), pid, f"{at}: backend pid within one transaction")
            self.backend_pids.add(pid)
        rows += 1

        steps[w] = f"{at}: failed transaction"
        tx = conn.transaction()
        await tx.start()
        await conn.execute("SET application_name = 'wl-doomed'")
        await conn.execute("INSERT INTO items (worker, iter, note) VALUES ($1, $2, $3)", w, i, "doomed")
        try:
            await conn.fetchval("SELECT 1 / $1::int", 0)
            raise Mismatch(f"{at}: SELECT 1/0 did not fail")
        except asyncpg.DivisionByZeroError:
            pass
        try:
            await conn.fetchval("SELECT $1::int", 1)
            raise Mismatch(f"{at}: a statement after the error in the transaction did not fail")
        except asyncpg.InFailedSQLTransactionError:
            pass
        await tx.rollback()
        expect(await conn.fetchval("SELECT count(*) FROM items"), rows, f"{at}: rows after rollback")

        steps[w] = f"{at}: executemany"
        await conn.executemany("INSERT INTO items (worker, iter, note) VALUES ($1, $2, $3)",
                               [(w, i, "many-a"), (w, i, "many-b"), (w, i, "many-c")])
        rows += 3
        expect(await conn.fetchval("SELECT count(*) FROM items WHERE iter = $1", i), 4, f"{at}: rows of this round")

        steps[w] = f"{at}: SHOW"
        expect(await conn.fetchval("SHOW application_name"), app, f"{at}: SHOW application_name")
        expect(await conn.fetchval("SHOW search_path"), search_path, f"{at}: SHOW search_path")
        return rows

    def report(self, extra_errors=()):
        errors = list(self.errors) + list(extra_errors)
        print(json.dumps({"client": "asyncpg", "version": asyncpg.__version__, "workers": self.workers,
                          "iterations": self.iterations, "backends": len(self.backend_pids),
                          "errors": errors}), flush=True)
        return 1 if errors else 0


async def run(load, timeout):
    tasks = [asyncio.create_task(load.run_worker(w)) for w in range(load.workers)]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    if not pending:
        return load.report()
    stuck = [f"worker {w} still at {s} after {timeout}s" for w, s in sorted(load.steps.items()) if s != "done"]
    code = load.report(stuck or [f"not finished after {timeout}s"])
    for t in pending:
        t.cancel()
    await asyncio.wait(pending, timeout=5)
    return code


def main(argv):
    if len(argv) not in (3, 4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    url, workers = argv[1], int(argv[2])
    iterations = int(argv[3]) if len(argv) > 3 else 25
    timeout = float(argv[4]) if len(argv) > 4 else 60.0
    return asyncio.run(run(Workload(url, workers, iterations), timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
