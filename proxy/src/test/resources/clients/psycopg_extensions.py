"""Reads Switchboard's extension reports with psycopg 3 (libpq's PQparameterStatus): writes through one
instance with topology and commit_lsn on, then reads the row through another with min_lsn set at startup, where
it also watches work_mem with report_parameters.
Arguments: URL of instance A's read-write database, URL of instance B's read-only database, row id.
Prints one JSON line."""
import json
import sys

import psycopg

url_a, url_b, row_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
with psycopg.connect(url_a, autocommit=True,
                     options="-c switchboard.topology=on -c switchboard.commit_lsn=on") as a:
    extensions = a.info.parameter_status("switchboard.extensions")
    topology = a.info.parameter_status("switchboard.topology")
    a.execute("INSERT INTO causal (id, v) VALUES (%s, %s)", (row_id, "psycopg"))
    position = a.info.parameter_status("switchboard.commit_lsn")
    shown = a.execute("SHOW switchboard.commit_lsn").fetchone()[0]
with psycopg.connect(url_b, autocommit=True,
                     options="-c switchboard.min_lsn=" + position + " -c switchboard.report_parameters=work_mem") as b:
    row = b.execute("SELECT (SELECT v FROM causal WHERE id = %s), pg_is_in_recovery()", (row_id,)).fetchone()
    min_lsn = b.execute("SHOW switchboard.min_lsn").fetchone()[0]
    b.execute("SET work_mem = '48MB'")
    work_mem = b.info.parameter_status("work_mem")
print(json.dumps({"extensions": extensions, "topology": topology, "commit_lsn": position, "shown": shown,
                  "read": row[0], "on_standby": row[1], "min_lsn": min_lsn, "work_mem": work_mem}))
