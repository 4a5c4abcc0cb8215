import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, freshDatabase } from '../platform/fresh-database';
import { clockTicks, cpuTicksIfAlive } from '../platform/process-stats';

/*
 * What a NOTIFY at commit costs Postgres (docs/decisions.md #130): BENCH_WRITERS connections (4)
 * commit one-row inserts back to back for BENCH_SECONDS (8), with and without a pg_notify in the
 * statement, while L other connections LISTEN on channels of their own, as the publishing relays of
 * the other services do (Postgres signals every listening backend of the database at each notifying
 * commit, whatever its channel). Reports commits/s over the measured window and the Postgres
 * processes' CPU per commit (/proc: the bench database's backends and the server's own processes,
 * not other databases' backends; the server's are shared, so run it on a quiet server).
 *   npm run bench:notify-cost
 * Environment: MCP_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mcp_bench_notify,
 * dropped and made again), BENCH_LISTENERS (0,6), BENCH_LABEL, BENCH_OUT (default
 * bench/results/notify-cost.json; runs are appended to its `runs`).
 */
const url = process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_notify';
const writers = Number(process.env.BENCH_WRITERS ?? 4);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const listenerCounts = (process.env.BENCH_LISTENERS ?? '0,6').split(',').map(Number);
const label = process.env.BENCH_LABEL ?? null;

/**
 * utime + stime per Postgres process of this run: the bench database's backends (writers and
 * listeners) and the server's own processes (WAL writer, checkpointer, …: no database), read from
 * /proc. Every postgres process on the machine would count other databases' work too.
 */
async function postgresCpuTicks(probe: Client): Promise<Map<number, number>> {
  const { rows } = await probe.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()',
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    const now = cpuTicksIfAlive(pid);
    if (now !== undefined) ticks.set(pid, now);
  }
  return ticks;
}

/** Ticks between two readings: processes alive at the end, one that came in between from 0 (one that ended took its ticks with it). */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
  return ticks;
}

async function connected(): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

async function measure(
  probe: Client,
  listeners: number,
  notifies: boolean,
): Promise<{ listeners: number; notifies: boolean; seconds: number; commitsPerSecond: number; postgresCpuMicrosPerCommit: number }> {
  const listening = await Promise.all(Array.from({ length: listeners }, async (_, n) => {
    const client = await connected();
    await client.query(`LISTEN mcp_outbox_other_${n}`);
    return client;
  }));
  const writing = await Promise.all(Array.from({ length: writers }, connected));
  const statement = notifies ? "WITH i AS (INSERT INTO t (v) VALUES (1)) SELECT pg_notify('mcp_outbox_mine', '1')" : 'INSERT INTO t (v) VALUES (1)';
  let commits = 0;
  const before = await postgresCpuTicks(probe);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(writing.map(async (client) => {
    while (performance.now() < until) {
      await client.query(statement);
      commits += 1;
    }
  }));
  // The last statements end after `until`: the window is the time until they did.
  const elapsed = (performance.now() - started) / 1000;
  const ticks = ticksBetween(before, await postgresCpuTicks(probe));
  await Promise.all([...listening, ...writing].map((client) => client.end()));
  return {
    listeners,
    notifies,
    seconds: Math.round(elapsed * 100) / 100,
    commitsPerSecond: Math.round(commits / elapsed),
    postgresCpuMicrosPerCommit: Math.round(((ticks * 1e6) / clockTicks / commits) * 10) / 10,
  };
}

async function main(): Promise<void> {
  await freshDatabase(url);
  const setup = await connected();
  await setup.query('CREATE TABLE t (id bigserial PRIMARY KEY, v int)');
  await setup.end();
  const loadAtStart = loadavg()[0];
  const results = [];
  const probe = await connected();
  for (const listeners of listenerCounts) {
    for (const notifies of [false, true]) {
      const result = await measure(probe, listeners, notifies);
      console.log(`${listeners} listening, ${notifies ? 'NOTIFY' : 'no NOTIFY'}: ${result.commitsPerSecond} commits/s, ${result.postgresCpuMicrosPerCommit} µs of Postgres CPU per commit`);
      results.push(result);
    }
  }
  await probe.end();
  await dropDatabase(url);
  const out = process.env.BENCH_OUT ?? join(__dirname, '..', 'results', 'notify-cost.json');
  const file: { benchmark: string; runs: unknown[] } = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { benchmark: 'notify-cost', runs: [] };
  file.runs.push({
    label,
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart },
    writers,
    seconds,
    // Runs without it counted every postgres process on the machine, over the nominal seconds.
    postgresCpuOf: "the bench database's backends and the server's own processes, over the measured window",
    results,
  });
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
