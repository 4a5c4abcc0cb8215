/**
 * What one small-file upload costs Postgres inside submissions (issue 16: "count statements and
 * commits per request and bring them down"): statements the service sends, by kind, and the
 * database's own count of commits (pg_stat_database.xact_commit), per upload and per pre-check.
 *
 * The service runs in this process (SubmissionsUnderTest, as the integration specs run it) against
 * the test database and broker, which must be up (an integration run leaves them so; they move with
 * MCP_TEST_KAFKA_PORT and MCP_TEST_DATABASE_URL, and the database should be this run's alone, since
 * xact_commit counts every client's). Statements are counted at the pg driver (Client.query), so the
 * outbox relay's and the pre-check runner's count too; a settle pause lets the relay finish.
 *
 *   node -r @swc-node/register bench/submissions/upload-statements.bench.ts
 * Environment: BENCH_UPLOADS (60), BENCH_TRACE (1: list the statements), BENCH_LABEL, BENCH_OUT (bench/results/upload-statements.json; runs appended).
 */
import 'reflect-metadata';
import { queryTestDatabase, testDatabaseUrl, testToken } from '@mcp/testing';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PrecheckRunner } from '../../services/submissions/src/prechecks/precheck-runner';
import { FakeClock, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';
const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };

const uploads = Number(process.env.BENCH_UPLOADS ?? 60);
const label = process.env.BENCH_LABEL ?? 'unlabelled';
const out = process.env.BENCH_OUT ?? join(__dirname, '..', 'results', 'upload-statements.json');
const SUBS = ['PRC.1.1', 'PRC.1.2', 'PRC.1.3', 'PRC.2.1', 'PRC.2.2', 'PRC.3.1', 'ANG.1.1', 'ANG.1.2', 'ANG.2.1', 'PBJ.1.1', 'PBJ.1.2', 'PBJ.2.1'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let counting = false;
// BENCH_TRACE=1 prints each distinct statement with its count per upload: where the round trips go.
const trace = process.env.BENCH_TRACE === '1';
const texts = new Map<string, number>();
const statements = new Map<string, number>();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  if (counting) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).trim();
    const kind = text.split(/\s+/, 1)[0].toUpperCase() || '?';
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
    if (trace) texts.set(text.replace(/\s+/g, ' ').slice(0, 160), (texts.get(text.replace(/\s+/g, ' ').slice(0, 160)) ?? 0) + 1);
  }
  return original.apply(this, args);
};

async function commits(): Promise<number> {
  const database = new URL(testDatabaseUrl).pathname.slice(1);
  const [row] = await queryTestDatabase<{ commits: string }>(`SELECT xact_commit::text AS commits FROM pg_stat_database WHERE datname = $1`, [database]);
  return Number(row.commits);
}

// Postgres 15+ holds a backend's counts (xact_commit among them) for up to PGSTAT_IDLE_INTERVAL,
// 10 s, when it flushed less than a second before going idle: a reading sooner misses some of a
// phase's commits and books them to the next one (pairs of runs read 0.15 and 8.4 per upload).
const STATS_FLUSHED_MS = 11_000;

async function measure(what: string, count: number, work: () => Promise<void>) {
  await sleep(STATS_FLUSHED_MS); // the service's idle statements settle and every backend has flushed its counts
  statements.clear();
  const before = await commits();
  counting = true;
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  await sleep(1500); // the relay sends and marks what the uploads enqueued
  counting = false;
  await sleep(STATS_FLUSHED_MS); // every backend's commits reach pg_stat_database
  const after = await commits();
  const total = [...statements.values()].reduce((sum, n) => sum + n, 0);
  const result = {
    what,
    count,
    seconds: Number(seconds.toFixed(2)),
    statementsPer: Number((total / count).toFixed(2)),
    // Less the bench's own first stats query, whose commit lands between the two readings.
    commitsPer: Number(((after - before - 1) / count).toFixed(2)),
    byKind: Object.fromEntries([...statements.entries()].sort().map(([kind, n]) => [kind, Number((n / count).toFixed(2))])),
  };
  console.log(JSON.stringify(result));
  if (trace) for (const [text, n] of [...texts.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / count).toFixed(2)}  ${text}`);
  texts.clear();
  return result;
}

async function main() {
  const service = new SubmissionsUnderTest(new FakeClock(new Date('2024-11-20T10:00:00+07:00')), { PRECHECK_INTERVAL_MS: '0' });
  await service.start();
  const pemdas = (await queryTestDatabase<{ code: string }>(`SELECT code FROM submissions.pemda WHERE code LIKE '32.%' ORDER BY code LIMIT 30`)).map((row) => row.code);
  const tokens = new Map<string, string>();
  for (const code of pemdas) tokens.set(code, await testToken({ role: 'pemda-operator', subject: `operator-${code}`, pemdaCode: code }));
  const base = `http://127.0.0.1:${service.port()}`;
  let next = 0;
  const upload = async () => {
    const index = next++;
    const pemdaCode = pemdas[index % pemdas.length];
    const subIndicatorCode = SUBS[Math.floor(index / pemdas.length) % SUBS.length];
    const form = new FormData();
    form.set('pemdaCode', pemdaCode);
    form.set('year', '2024');
    form.set('subIndicatorCode', subIndicatorCode);
    form.set('claimedValue', '100');
    form.set('file', new Blob([`%PDF-1.7\n% bukti ${pemdaCode} ${subIndicatorCode} ${randomUUID()}\n`], { type: 'application/pdf' }), `SK ${subIndicatorCode}.pdf`);
    // With a key, as the portal and the rush send one (a retry must not make a second version).
    const response = await fetch(`${base}/v1/evidence`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.get(pemdaCode)}`, 'idempotency-key': randomUUID() } });
    if (response.status !== 201) throw new Error(`upload ${response.status}: ${await response.text()}`);
  };
  const results = [];
  results.push(await measure('upload (POST /v1/evidence, ~80-byte PDF, one at a time)', uploads, async () => {
    for (let i = 0; i < uploads; i++) await upload();
  }));
  const runner = service.get(PrecheckRunner);
  results.push(await measure('pre-check of those uploads (PrecheckRunner.checkWaitingFiles)', uploads, async () => {
    const checked = await runner.checkWaitingFiles();
    if (checked !== uploads) throw new Error(`checked ${checked} of ${uploads}`);
  }));
  await runner.onApplicationShutdown();
  await service.stop();
  const earlier = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { runs: unknown[] }).runs : [];
  const record = { label, at: new Date().toISOString(), results };
  writeFileSync(out, `${JSON.stringify({ measures: 'Postgres statements (counted at the pg driver, in-process) and commits (pg_stat_database.xact_commit) per upload and per pre-check, submissions alone', runs: [...earlier, record] }, null, 2)}\n`);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
