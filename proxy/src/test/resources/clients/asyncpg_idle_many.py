# asyncpg_idle_many: many asyncpg connections that log in, run a query, sit idle, and on a word run another.
"""Opens CLIENTS asyncpg connections (at most CONCURRENCY connecting at a time), runs SELECT 1 on each,
prints a line "connected N" and waits for a line on standard input. Then every connection runs
SELECT $1::int on itself, checks the answer and closes. Prints one JSON line
{"clients", "ok", "errors": [first few], "error_count"} and exits 1 on any error.

Usage: asyncpg_idle_many.py URL CLIENTS [CONCURRENCY]
"""
import asyncio
import json
import sys

import asyncpg


async def open_one(url, gate, connections, errors):
    async with gate:
        try:
            conn = await asyncpg.connect(url, timeout=60, statement_cache_size=0)
            await conn.execute("SELECT 1")
            connections.append(conn)
            if len(connections) % 1000 == 0:
                print(f"{len(connections)} connected", file=sys.stderr, flush=True)
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            errors.append(f"connect: {type(e).__name__}: {e}")


async def use_one(i, conn, gate, errors):
    async with gate:
        try:
            got = await conn.fetchval("SELECT $1::int", i)
            if got != i:
                raise AssertionError(f"got {got!r}, expected {i!r}")
        except Exception as e:  # noqa: BLE001
            errors.append(f"after: {type(e).__name__}: {e}")
        finally:
            try:
                await conn.close(timeout=30)
            except Exception as e:  # noqa: BLE001
                errors.append(f"close: {type(e).__name__}: {e}")


async def main():
    url = sys.argv[1]
    clients = int(sys.argv[2])
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    gate = asyncio.Semaphore(concurrency)
    connections, errors = [], []
    await asyncio.gather(*(open_one(url, gate, connections, errors) for _ in range(clients)))
    print(f"connected {len(connections)}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    before = len(errors)
    await asyncio.gather(*(use_one(i, c, gate, errors) for i, c in enumerate(connections)))
    ok = len(connections) - (len(errors) - before)
    print(json.dumps({"clients": clients, "ok": ok, "error_count": len(errors), "errors": errors[:5]}), flush=True)
    return 0 if not errors else 1


sys.exit(asyncio.run(main()))
