// node_pg_workload: concurrent node-postgres clients whose results must be those of a direct PostgreSQL connection.
'use strict';
/*
 * Runs WORKERS clients (Promise.all), each with its own pg.Client, through ITERATIONS rounds of a mixed
 * workload, and prints one JSON line {"client", "workers", "iterations", "backends", "errors", ...}, where
 * backends counts the distinct pg_backend_pid() values seen; exits 1 on any error.
 *
 * Usage: node node_pg_workload.js URL WORKERS [ITERATIONS] [TIMEOUT_SECONDS]
 *
 * All workers connect and set up before any starts its rounds, so every session is open at once (a
 * pooler with fewer servers than workers must multiplex them). Named queries ({name, text, values}) are
 * parsed once per connection and then only bound and executed, so a pooler in transaction mode must
 * carry them to whichever backend serves the next transaction; unnamed parameterised queries and
 * simple-protocol statements are mixed in. Each worker keeps its own search_path (pointing at its own
 * schema, so a wrong one shows as a wrong table) and its own application_name, and checks both after
 * every round. A round: SET, named and unnamed SELECTs, a committed transaction (SET LOCAL, INSERT,
 * read-back, same backend pid throughout), a failed one (SET that the ROLLBACK must undo, division by
 * zero, 25P02, ROLLBACK) and SHOW checks.
 */
const pg = require('pg');

const [url, workersArg, iterationsArg, timeoutArg] = process.argv.slice(2);
if (!url || !workersArg) {
  console.error('usage: node node_pg_workload.js URL WORKERS [ITERATIONS] [TIMEOUT_SECONDS]');
  process.exit(2);
}
const workers = Number.parseInt(workersArg, 10);
const iterations = iterationsArg ? Number.parseInt(iterationsArg, 10) : 25;
const timeoutSeconds = timeoutArg ? Number(timeoutArg) : 60;

const errors = [];
const steps = new Map(); // worker -> what it is doing, for the timeout report
const backendPids = new Set(); // every pg_backend_pid() seen, reported as "backends"
const arrived = new Set(); // workers past their setup (or failed): the rounds start when all are
let allArrived;
const everyoneArrived = new Promise((resolve) => { allArrived = resolve; });
let reported = false;

function arrive(w) {
  arrived.add(w);
  if (arrived.size === workers) {
    allArrived();
  }
}

function expect(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

async function expectError(client, query, sqlstate, what) {
  try {
    await client.query(query);
  } catch (e) {
    expect(e.code, sqlstate, `${what}: SQLSTATE (${e.message})`);
    return;
  }
  throw new Error(`${what}: did not fail`);
}

// One row's values, in column order (count(*) is int8 and arrives as a string, as from PostgreSQL).
async function row(client, query) {
  const result = await client.query({ ...query, rowMode: 'array' });
  return result.rows[0];
}

async function worker(w) {
  const schema = `wl_node_${w}`;
  const searchPath = `${schema}, public`;
  steps.set(w, 'connect');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10000 });
  await client.connect();
  try {
    steps.set(w, 'setup');
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.items (id serial PRIMARY KEY, worker int, iter int, note text)`);
    await client.query(`SET search_path TO ${searchPath}`);
    steps.set(w, 'waiting for every worker to connect');
    arrive(w);
    await everyoneArrived;
    let rows = 0;
    for (let i = 0; i < iterations; i++) {
      rows = await iteration(client, w, i, searchPath, rows);
    }
    steps.set(w, 'final count');
    expect(await row(client, { name: 'count', text: 'SELECT count(*) FROM items' }), [String(rows)], 'rows at the end');
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

async function iteration(client, w, i, searchPath, rows) {
  const at = `iteration ${i}`;
  const app = `wl-node-${w}-${i}`;

  steps.set(w, `${at}: SET application_name`);
  await client.query(`SET application_name = '${app}'`);

  steps.set(w, `${at}: named and unnamed SELECTs`);
  expect(await row(client, { name: 'sum', text: 'SELECT $1::int + $2::int, $3::text', values: [i, w, app] }),
    [i + w, app], `${at}: named SELECT`);
  expect(await row(client, { text: 'SELECT $1::int * $2::int', values: [i, w] }), [i * w], `${at}: unnamed SELECT`);

  steps.set(w, `${at}: committed transaction`);
  await client.query('BEGIN');
  const [pid] = await row(client, { name: 'pid', text: 'SELECT pg_backend_pid()' });
  await client.query("SET LOCAL application_name = 'wl-local'");
  const [id] = await row(client, {
    name: 'insert', text: 'INSERT INTO items (worker, iter, note) VALUES ($1, $2, $3) RETURNING id', values: [w, i, 'txn'],
  });
  expect(await row(client, { name: 'note', text: 'SELECT note FROM items WHERE id = $1', values: [id] }), ['txn'],
    `${at}: own insert read back inside the transaction`);
  expect(await row(client, { name: 'count', text: 'SELECT count(*) FROM items' }), [String(rows + 1)],
    `${at}: rows inside the transaction`);
  expect(await row(client, { name: 'app', text: 'SHOW application_name' }), ['wl-local'],
    `${at}: SET LOCAL inside the transaction`);
  expect(await row(client, { name: 'pid', text: 'SELECT pg_backend_pid()' }), [pid], `${at}: backend pid within one transaction`);
  backendPids.add(pid);
  await client.query('COMMIT');
  rows += 1;

  steps.set(w, `${at}: failed transaction`);
  await client.query('BEGIN');
  await client.query("SET application_name = 'wl-doomed'");
  await client.query({
    name: 'insert', text: 'INSERT INTO items (worker, iter, note) VALUES ($1, $2, $3) RETURNING id', values: [w, i, 'doomed'],
  });
  await expectError(client, { name: 'divide', text: 'SELECT 1 / $1::int', values: [0] }, '22012', `${at}: SELECT 1/0`);
  await expectError(client, { name: 'sum', text: 'SELECT $1::int + $2::int, $3::text', values: [1, 2, 'x'] }, '25P02',
    `${at}: a statement after the error in the transaction`);
  await client.query('ROLLBACK');
  expect(await row(client, { name: 'count', text: 'SELECT count(*) FROM items' }), [String(rows)], `${at}: rows after ROLLBACK`);

  steps.set(w, `${at}: SHOW`);
  expect(await row(client, { name: 'app', text: 'SHOW application_name' }), [app], `${at}: SHOW application_name`);
  expect(await row(client, { text: 'SHOW search_path' }), [searchPath], `${at}: SHOW search_path`);
  return rows;
}

function report(extraErrors) {
  if (reported) {
    return;
  }
  reported = true;
  const all = errors.concat(extraErrors || []);
  console.log(JSON.stringify({
    client: 'node-pg', version: require('pg/package.json').version, node: process.version,
    workers, iterations, backends: backendPids.size, errors: all,
  }));
  process.exitCode = all.length ? 1 : 0;
}

const watchdog = setTimeout(() => {
  const stuck = [...steps].filter(([, s]) => s !== 'done').map(([w, s]) => `worker ${w} still at ${s} after ${timeoutSeconds}s`);
  report(stuck.length ? stuck : [`not finished after ${timeoutSeconds}s`]);
  process.exit(1); // the stuck clients would keep the event loop alive
}, timeoutSeconds * 1000);

Promise.all([...Array(workers).keys()].map(async (w) => {
  try {
    await worker(w);
    steps.set(w, 'done');
  } catch (e) {
    const message = `worker ${w} at ${steps.get(w)}: ${e.code ? `[${e.code}] ` : ''}${e.message}`;
    errors.push(message);
    console.error(message);
    arrive(w); // a worker that failed during setup must not hold the others back
  }
})).then(() => {
  clearTimeout(watchdog);
  report();
});
