"""Runs what the Python PgBouncer exporters run on the admin console, with psycopg2 as they do (Debian's
prometheus-pgbouncer-exporter, spreaker's prometheus-pgbouncer-exporter): autocommit, simple queries, rows as
dicts keyed by column name, values read with float() and int().
Argument: libpq URL of the console database. Prints one JSON line."""
import json
import sys

import psycopg2
import psycopg2.extras

conn = psycopg2.connect(sys.argv[1])
conn.set_session(autocommit=True)
cursor = conn.cursor(cursor_factory=psycopg2.extras.DictCursor)
out = {"client_encoding": conn.encoding}
for query in ("SHOW STATS;", "SHOW POOLS;", "SHOW DATABASES;", "SHOW CONFIG;", "SHOW LISTS;"):
    cursor.execute(query)
    rows = cursor.fetchall()
    out[query] = {"columns": [d[0] for d in cursor.description], "rows": len(rows)}
    if query == "SHOW STATS;":
        out["total_query_time"] = [float(r["total_query_time"]) for r in rows]
    if query == "SHOW POOLS;":
        out["maxwait"] = [float(r["maxwait"]) + float(r["maxwait_us"]) / 1e6 for r in rows]
        out["cl_active"] = [float(r["cl_active"]) for r in rows]
    if query == "SHOW DATABASES;":
        out["pool_size"] = {r["name"]: float(r["pool_size"]) for r in rows}
    if query == "SHOW CONFIG;":
        config = {r["key"]: r["value"] for r in rows}
        out["max_client_conn"] = int(config["max_client_conn"])
        out["max_user_connections"] = int(config["max_user_connections"])
    if query == "SHOW LISTS;":
        out["lists"] = {key: float(value) for key, value in rows}
conn.close()
print(json.dumps(out))
