import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, freshDatabase } from '../platform/fresh-database';

/*
 * What a NOTIFY at commit costs Postgres (docs/decisions.md #130): BENCH_WRITERS connections (4)
 * commit one-row inserts back to back for BENCH_SECONDS (8), with and without a pg_notify in the
 * statement, while L other connections LISTEN on channels of their own, as the publishing relays of
 * the other services do (Postgres signals every listening backend of the database at each notifying
 * commit, whatever its channel). Reports commits/s and the Postgres processes' CPU per commit
 * (/proc, every process named postgres on the machine: run it on a quiet one).
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

/** utime + stime of every postgres process, in clock ticks (10 ms). */
function postgresCpuTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

async function connected(): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

async function measure(listeners: number, notifies: boolean): Promise<{ listeners: number; notifies: boolean; commitsPerSecond: number; postgresCpuMicrosPerCommit: number }> {
  const listening = await Promise.all(Array.from({ length: listeners }, async (_, n) => {
    const client = await connected();
    await client.query(`LISTEN mcp_outbox_other_${n}`);
    return client;
  }));
  const writing = await Promise.all(Array.from({ length: writers }, connected));
  const statement = notifies ? "WITH i AS (INSERT INTO t (v) VALUES (1)) SELECT pg_notify('mcp_outbox_mine', '1')" : 'INSERT INTO t (v) VALUES (1)';
  let commits = 0;
  const until = Date.now() + seconds * 1000;
  const before = postgresCpuTicks();
  await Promise.all(writing.map(async (client) => {
    while (Date.now() < until) {
      await client.query(statement);
      commits += 1;
    }
  }));
  const ticks = postgresCpuTicks() - before;
  await Promise.all([...listening, ...writing].map((client) => client.end()));
  return { listeners, notifies, commitsPerSecond: Math.round(commits / seconds), postgresCpuMicrosPerCommit: Math.round(((ticks * 10_000) / commits) * 10) / 10 };
}

async function main(): Promise<void> {
  await freshDatabase(url);
  const setup = await connected();
  await setup.query('CREATE TABLE t (id bigserial PRIMARY KEY, v int)');
  await setup.end();
  const loadAtStart = loadavg()[0];
  const results = [];
  for (const listeners of listenerCounts) {
    for (const notifies of [false, true]) {
      const result = await measure(listeners, notifies);
      console.log(`${listeners} listening, ${notifies ? 'NOTIFY' : 'no NOTIFY'}: ${result.commitsPerSecond} commits/s, ${result.postgresCpuMicrosPerCommit} µs of Postgres CPU per commit`);
      results.push(result);
    }
  }
  await dropDatabase(url);
  const out = process.env.BENCH_OUT ?? join(__dirname, '..', 'results', 'notify-cost.json');
  const file: { benchmark: string; runs: unknown[] } = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { benchmark: 'notify-cost', runs: [] };
  file.runs.push({ label, measuredAt: new Date().toISOString(), machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart }, writers, seconds, results });
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
