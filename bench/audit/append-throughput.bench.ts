import { auditRoles, prepareAuditTrail, verifyAuditTrail } from '@mcp/audit-trail';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { freshDatabase } from '../platform/fresh-database';

/*
 * How many audited transactions a second the audit chain lets through when each transaction does
 * other work after its append: the case of every use case on the platform (a decision appends, then
 * the service's process sends COMMIT when its event loop gets to it). docs/decisions.md #98.
 *
 * BENCH_CLIENTS connections (16) each run, back to back for BENCH_SECONDS (10): BEGIN; SELECT
 * audit.append(...); then BENCH_WORK_MS (2) of the client's own time before COMMIT (a busy event
 * loop, or the statements a use case runs after its append). Every lane's chain is verified afterwards.
 *   node -r @swc-node/register bench/audit/append-throughput.bench.ts
 * Environment: MCP_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mcp_bench_audit,
 * dropped and made again), BENCH_LABEL, BENCH_OUT (default bench/results/audit-append.json; runs are
 * appended to its `runs`).
 */
const url = process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_audit';
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const workMs = Number(process.env.BENCH_WORK_MS ?? 2);
const label = process.env.BENCH_LABEL ?? null;

async function freshAuditDatabase(): Promise<void> {
  await freshDatabase(url);
  const database = new Client({ connectionString: url });
  await database.connect();
  await prepareAuditTrail(database);
  await database.end();
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  await freshAuditDatabase();
  const loadAtStart = loadavg()[0];
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      // A writer as the services are: a member of mcp_audit_writer, not a superuser.
      await client.query(`SET ROLE ${auditRoles.writer}`);
      return client;
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    connections.map(async (client, n) => {
      while (performance.now() < until) {
        const started = performance.now();
        await client.query('BEGIN');
        await client.query("SELECT audit.append('bench', 'evidence.uploaded', $1, 'operator', null, '32.73', 2025, '1.1.1', '{}', '{}', now())", [`user-${n}`]);
        await sleep(workMs);
        await client.query('COMMIT');
        latencies.push(performance.now() - started);
      }
    }),
  );
  // The last transactions end after `until`: their commits count, so their time does too.
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(connections.map((client) => client.end()));
  const check = new Client({ connectionString: url });
  await check.connect();
  // Since lanes (docs/decisions.md #128) the heads' sequences add up to the rows.
  const { rows } = await check.query<{ entries: number; head: number; lanes: number }>(
    'SELECT (SELECT count(*)::int FROM audit.entry) AS entries, (SELECT sum(sequence)::int FROM audit.head) AS head, (SELECT count(*)::int FROM audit.head WHERE sequence > 0) AS lanes',
  );
  const verdict = await verifyAuditTrail(check);
  await check.end();
  if (rows[0].entries !== latencies.length || rows[0].head !== latencies.length) {
    throw new Error(`chain holds ${rows[0].entries} rows (head ${rows[0].head}) for ${latencies.length} commits`);
  }
  if (!verdict.ok) throw new Error(`the chain does not verify: ${verdict.message}`);
  latencies.sort((a, b) => a - b);
  const run = {
    label,
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart },
    clients,
    workMsAfterAppend: workMs,
    seconds,
    elapsedSeconds: Number(elapsed.toFixed(2)),
    commits: latencies.length,
    lanesUsed: rows[0].lanes,
    commitsPerSecond: Math.round(latencies.length / elapsed),
    transactionMs: { p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2) },
  };
  console.log(
    `${label ?? 'run'}: ${run.commitsPerSecond} audited commits/s from ${clients} clients (${workMs} ms of work after the append), ` +
      `p50 ${run.transactionMs.p50} ms, p99 ${run.transactionMs.p99} ms; ${latencies.length} rows in ${run.lanesUsed} lane(s), every lane verified`,
  );
  const out = process.env.BENCH_OUT ?? join(__dirname, '..', 'results', 'audit-append.json');
  mkdirSync(join(out, '..'), { recursive: true });
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { runs: unknown[] }).runs : [];
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'audited transactions per second through the audit chain (docs/decisions.md #98)', runs: [...previous, run] }, null, 2)}\n`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
