# asyncpg_prepare_idle: asyncpg sessions that prepare a statement and then sit idle, all at once, before using it.
"""Opens WORKERS asyncpg connections; each calls Connection.prepare() and waits until every worker has
done so, then executes its statement ROUNDS times. Prints one JSON line {"client", "workers", "errors", ...}
and exits 1 on any error.

Usage: asyncpg_prepare_idle.py URL WORKERS [ROUNDS] [TIMEOUT_SECONDS]

asyncpg's prepare() sends Parse, Describe and Flush, not Sync, so PostgreSQL keeps the session in an
implicit transaction ("active" in pg_stat_activity) until the session's next Sync. Applications do this
at connection setup (an asyncpg pool's init hook) and then idle. Directly, or with one server per
session, that costs nothing; a transaction pooler that keeps the server until ReadyForQuery ties one
server to every such idle client, so with more clients than servers the late ones cannot even connect.
"""
import asyncio
import json
import sys

import asyncpg


async def worker(url, w, workers, rounds, state):
    state["steps"][w] = "connect"
    conn = await asyncpg.connect(url, timeout=10)
    try:
        state["steps"][w] = "prepare"
        stmt = await conn.prepare("SELECT $1::int + $2::int")
        state["steps"][w] = "waiting for every worker to prepare"
        arrive(state, w, workers)
        await state["all_arrived"].wait()
        for r in range(rounds):
            state["steps"][w] = f"round {r}"
            got = await stmt.fetchval(w, r)
            if got != w + r:
                raise AssertionError(f"round {r}: got {got!r}, expected {w + r!r}")
        state["steps"][w] = "done"
    finally:
        await conn.close()


def arrive(state, w, workers):
    state["arrived"].add(w)
    if len(state["arrived"]) == workers:
        state["all_arrived"].set()


async def run_worker(url, w, workers, rounds, state):
    try:
        await worker(url, w, workers, rounds, state)
    except Exception as e:  # reported; the other workers go on
        message = f"worker {w} at {state['steps'].get(w)}: {type(e).__name__}: {e}".rstrip()
        state["errors"].append(message)
        print(message, file=sys.stderr, flush=True)
        arrive(state, w, workers)  # a failed worker must not hold the others back


async def run(url, workers, rounds, timeout):
    state = {"steps": {}, "arrived": set(), "all_arrived": asyncio.Event(), "errors": []}
    tasks = [asyncio.create_task(run_worker(url, w, workers, rounds, state)) for w in range(workers)]
    _, pending = await asyncio.wait(tasks, timeout=timeout)
    errors = list(state["errors"])
    if pending:
        errors += [f"worker {w} still at {s} after {timeout}s"
                   for w, s in sorted(state["steps"].items()) if s != "done"]
    print(json.dumps({"client": "asyncpg", "version": asyncpg.__version__, "scenario": "prepare-then-idle",
                      "workers": workers, "iterations": rounds, "errors": errors}), flush=True)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=5)
    return 1 if errors else 0


def main(argv):
    if len(argv) not in (3, 4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    url, workers = argv[1], int(argv[2])
    rounds = int(argv[3]) if len(argv) > 3 else 5
    timeout = float(argv[4]) if len(argv) > 4 else 60.0
    return asyncio.run(run(url, workers, rounds, timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
