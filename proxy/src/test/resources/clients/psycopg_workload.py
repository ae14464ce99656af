# psycopg_workload: concurrent psycopg 3 sessions whose results must be those of a direct PostgreSQL connection.
"""Runs WORKERS threads, each with its own psycopg 3 connection, through ITERATIONS rounds of a mixed
workload, and prints one JSON line {"client", "workers", "iterations", "backends", "errors", ...}, where
backends counts the distinct pg_backend_pid() values seen; exits 1 on any error.

Usage: psycopg_workload.py URL WORKERS [ITERATIONS] [TIMEOUT_SECONDS]

All workers connect and set up before any starts its rounds, so every session is open at once (a pooler
with fewer servers than workers must multiplex them). Every query is a server-side prepared statement
(prepare_threshold=0), so a pooler in transaction mode must carry the connection's statements to
whichever backend serves the next transaction. Each worker keeps its own search_path (pointing at its
own schema, so a wrong one shows as a wrong table, not just a wrong SHOW) and its own application_name,
and checks both after every round. A round: SET, a prepared SELECT, a committed transaction (SET LOCAL,
INSERT, read-back, same backend pid throughout), a failed one (SET that the ROLLBACK must undo, division
by zero, 25P02, ROLLBACK; psycopg then sends DEALLOCATE ALL), a pipeline (several statements, one Sync)
and SHOW checks.
"""
import json
import os
import sys
import threading

import psycopg
import psycopg.errors


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
        self.lock = threading.Lock()
        self.errors = []
        self.steps = {}  # worker -> what it is doing, for the watchdog's report
        self.backend_pids = set()  # every pg_backend_pid() seen, reported as "backends"
        self.arrived = set()  # workers past their setup (or failed): the rounds start when all are
        self.all_arrived = threading.Condition(self.lock)
        self.reported = False

    def step(self, w, what):
        with self.lock:
            self.steps[w] = what

    def fail(self, message):
        with self.lock:
            self.errors.append(message)
        print(message, file=sys.stderr, flush=True)

    def arrive(self, w):
        with self.lock:
            self.arrived.add(w)
            self.all_arrived.notify_all()

    def wait_for_all(self, w):
        self.step(w, "waiting for every worker to connect")
        self.arrive(w)
        with self.lock:
            self.all_arrived.wait_for(lambda: len(self.arrived) == self.workers)

    def run_worker(self, w):
        try:
            self.worker(w)
            self.step(w, "done")
        except Exception as e:  # every failure is reported, the other workers go on
            self.fail(f"worker {w} at {self.steps.get(w)}: {type(e).__name__}: {e}".rstrip())
            self.arrive(w)  # a worker that failed during setup must not hold the others back

    def worker(self, w):
        schema = f"wl_psycopg_{w}"
        search_path = f"{schema}, public"
        self.step(w, "connect")
        with psycopg.connect(self.url, autocommit=True, prepare_threshold=0, connect_timeout=10) as conn:
            self.step(w, "setup")
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA {schema}")
            conn.execute(f"CREATE TABLE {schema}.items (id serial PRIMARY KEY, worker int, iter int, note text)")
            conn.execute(f"SET search_path TO {search_path}")
            self.wait_for_all(w)
            rows = 0
            for i in range(self.iterations):
                rows = self.iteration(conn, w, i, search_path, rows)
            self.step(w, "final count")
            expect(conn.execute("SELECT count(*) FROM items").fetchone()[0], rows, "rows at the end")
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

    def iteration(self, conn, w, i, search_path, rows):
        at = f"iteration {i}"
        app = f"wl-psycopg-{w}-{i}"

        self.step(w, f"{at}: SET application_name")
        conn.execute(f"SET application_name = '{app}'")

        self.step(w, f"{at}: prepared SELECT")
        row = conn.execute("SELECT %s::int + %s::int, %s::text", (i, w, app), prepare=True).fetchone()
        expect(row, (i + w, app), f"{at}: prepared SELECT")

        self.step(w, f"{at}: committed transaction")
        conn.execute("BEGIN")
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        conn.execute("SET LOCAL application_name = 'wl-local'")
        new_id = conn.execute("INSERT INTO items (worker, iter, note) VALUES (%s, %s, %s) RETURNING id",
                              (w, i, "txn")).fetchone()[0]
        expect(conn.execute("SELECT note FROM items WHERE id = %s", (new_id,)).fetchone()[0], "txn",
               f"{at}: own insert read back inside the transaction")
        expect(conn.execute("SELECT count(*) FROM items").fetchone()[0], rows + 1, f"{at}: rows inside the transaction")
        expect(conn.execute("SHOW application_name").fetchone()[0], "wl-local", f"{at}: SET LOCAL inside the transaction")
        expect(conn.execute("SELECT pg_backend_pid()").fetchone()[0], pid, f"{at}: backend pid within one transaction")
        with self.lock:
            self.backend_pids.add(pid)
        conn.execute("COMMIT")
        rows += 1

        self.step(w, f"{at}: failed transaction")
        conn.execute("BEGIN")
        conn.execute("SET application_name = 'wl-doomed'")
        conn.execute("INSERT INTO items (worker, iter, note) VALUES (%s, %s, %s)", (w, i, "doomed"))
        try:
            conn.execute("SELECT 1 / %s::int", (0,))
            raise Mismatch(f"{at}: SELECT 1/0 did not fail")
        except psycopg.errors.DivisionByZero:
            pass
        try:
            conn.execute("SELECT 1")
            raise Mismatch(f"{at}: a statement after the error in the transaction did not fail")
        except psycopg.errors.InFailedSqlTransaction:
            pass
        conn.execute("ROLLBACK")
        expect(conn.execute("SELECT count(*) FROM items").fetchone()[0], rows, f"{at}: rows after ROLLBACK")

        self.step(w, f"{at}: pipeline")
        with conn.pipeline():
            inserted = conn.execute("INSERT INTO items (worker, iter, note) VALUES (%s, %s, %s) RETURNING note",
                                    (w, i, "pipe"))
            counted = conn.execute("SELECT count(*) FROM items WHERE iter = %s", (i,))
            settings = conn.execute("SELECT current_setting('application_name'), current_setting('search_path')")
            summed = conn.execute("SELECT %s::int * 2", (i,))
        rows += 1
        expect(inserted.fetchone()[0], "pipe", f"{at}: pipelined INSERT")
        expect(counted.fetchone()[0], 2, f"{at}: pipelined count")
        expect(settings.fetchone(), (app, search_path), f"{at}: pipelined settings")
        expect(summed.fetchone()[0], i * 2, f"{at}: pipelined SELECT")

        self.step(w, f"{at}: SHOW")
        expect(conn.execute("SHOW application_name").fetchone()[0], app, f"{at}: SHOW application_name")
        expect(conn.execute("SHOW search_path").fetchone()[0], search_path, f"{at}: SHOW search_path")
        return rows

    def report(self, extra_errors=()):
        with self.lock:
            if self.reported:  # the watchdog and the main thread may both get here
                return 1
            self.reported = True
            errors = list(self.errors) + list(extra_errors)
            backends = len(self.backend_pids)
        print(json.dumps({"client": "psycopg", "version": psycopg.__version__,
                          "libpq": psycopg.pq.version(), "workers": self.workers,
                          "iterations": self.iterations, "backends": backends, "errors": errors}), flush=True)
        return 1 if errors else 0


def main(argv):
    if len(argv) not in (3, 4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    url, workers = argv[1], int(argv[2])
    iterations = int(argv[3]) if len(argv) > 3 else 25
    timeout = float(argv[4]) if len(argv) > 4 else 60.0
    load = Workload(url, workers, iterations)
    if not psycopg.Pipeline.is_supported():
        load.fail(f"psycopg pipeline mode unsupported: {psycopg.Pipeline._not_supported_reason()}")
        return load.report()

    def watchdog():
        with load.lock:
            steps = sorted(load.steps.items())
        stuck = [f"worker {w} still at {s} after {timeout}s" for w, s in steps if s != "done"]
        load.report(stuck or [f"not finished after {timeout}s"])
        os._exit(1)  # the stuck threads cannot be interrupted

    timer = threading.Timer(timeout, watchdog)
    timer.daemon = True
    timer.start()
    threads = [threading.Thread(target=load.run_worker, args=(w,), name=f"worker-{w}") for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    timer.cancel()
    return load.report()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
