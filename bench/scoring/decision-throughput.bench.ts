import './decision-throughput-env';
import 'reflect-metadata';
import { createEvent, eventSourceOf, EvidenceVerified, Topics, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { loadFramework, loadPemdaList } from '@mcp/master-data';
import { computePemdaScore, Decimal, verifiedValuesOf, type ScoredDecision } from '@mcp/mcp-domain';
import { encodeEvent, type EncodedMessage } from '@mcp/messaging';
import { seedReferenceData } from '@mcp/reference-data';
import { createServiceApp, databaseSettingsOf, loadConfig, prepareDatabase, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, provisionTestKafka, queryTestDatabase, serviceTestEnv, testDatabaseUrl, testKafkaClient, testKafkaDir } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { recomputeYear } from '../../services/scoring/src/recompute/recompute-year';
import { clockTicks, cpuTicks } from '../platform/process-stats';
import { ScoringConfig } from '../../services/scoring/src/scoring-config';
import { scoringService } from '../../services/scoring/src/scoring.definition';

/*
 * Decisions to national aggregate, through the real scoring service (issue 16, docs/decisions.md
 * #79): BENCH_DECISIONS (5,000) `mcp.evidence.verified.v1` events are produced straight to the
 * topic (as verification's relay would, keyed by Pemda, spread over all 546 Pemda and the 2024
 * framework's sub-indicators), and the clock runs until every one is in scoring's inbox and the
 * national aggregate holds the sum the decisions must give, computed here from scratch (so the
 * figure is also an exactness check). Also reported: Postgres commits and aggregate events per
 * decision, national row updates, the recompute's differences (must be 0), and the CPU spent per
 * decision while the clock ran by this process (scoring, the producer and the looks), the database's
 * backends and the broker (/proc): on a shared machine the rate follows the neighbours' load, the
 * CPU per decision much less. Scoring runs in
 * this process on the test broker (MCP_TEST_KAFKA_PORT) and a database of the bench's own:
 * MCP_BENCH_DATABASE_URL, default mcp_bench_scoring_decisions (decision-throughput-env.ts;
 * MCP_TEST_DATABASE_URL, if set, wins), created and prepared as the test suite prepares mcp_test,
 * its schema dropped first; the decisions use a year of their own (a copy of
 * 2024), and the consumer drains what earlier runs left before the clock starts.
 *   npm run bench:scoring-decisions -- [label]
 * Appends the run to bench/results/scoring-decision-throughput.json.
 */
const decisionCount = Number(process.env.BENCH_DECISIONS ?? 5_000);
const label = process.argv[2] ?? 'run';
// A year per run (a copy of 2024), so decisions an earlier run left in the topic never count in this one's sums.
const YEAR = Number(process.env.BENCH_YEAR ?? 2040 + (Math.floor(Date.now() / 1000) % 50));
const framework2024 = loadFramework(2024);
const subIndicators = framework2024.areas.flatMap((area) => area.indicators.flatMap((indicator) => indicator.subIndicators));
const pemdaList = loadPemdaList();

function decisions(): EvidenceVerifiedV1[] {
  const firstSequence = Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 1000) * 1000;
  return Array.from({ length: decisionCount }, (_, i) => {
    const pemda = pemdaList[i % pemdaList.length];
    const sub = subIndicators[(i * 7 + Math.floor(i / pemdaList.length)) % subIndicators.length];
    const rejected = i % 9 === 4;
    return {
      decisionId: randomUUID(),
      taskId: randomUUID(),
      sequence: firstSequence + i,
      pemdaCode: pemda.code,
      provinceCode: pemda.provinceCode,
      year: YEAR,
      subIndicatorCode: sub.code,
      outcome: rejected ? 'rejected' : 'approved',
      verifiedValue: rejected ? null : sub.rubricSteps[i % sub.rubricSteps.length],
      claimedValue: 100,
      reason: rejected ? 'Dokumen tidak bertanda tangan' : null,
      evidenceIds: [randomUUID()],
      decidedBy: 'verifier-bench',
      decidedAt: new Date().toISOString(),
    };
  });
}

/** The national sum the decisions must give: the latest decision per item, each Pemda scored from scratch. */
function expectedNationalSum(all: EvidenceVerifiedV1[]): Decimal {
  const framework = { ...framework2024, year: YEAR };
  const inForce = new Map<string, Map<string, ScoredDecision>>();
  for (const decision of all) {
    const own = inForce.get(decision.pemdaCode) ?? new Map<string, ScoredDecision>();
    const current = own.get(decision.subIndicatorCode);
    if (!current || current.sequence < decision.sequence) own.set(decision.subIndicatorCode, decision);
    inForce.set(decision.pemdaCode, own);
  }
  let sum = new Decimal(0);
  for (const own of inForce.values()) sum = sum.plus(computePemdaScore(framework, verifiedValuesOf(own.values())).total);
  return sum;
}

async function commits(): Promise<number> {
  const [{ commits }] = await queryTestDatabase<{ commits: string }>(
    `SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(commits);
}

/** utime + stime in ms of this process, the backends serving the test database, and the test broker. */
async function cpuMs(): Promise<{ process: number; postgresBackends: Map<number, number>; broker: number }> {
  const usage = process.cpuUsage();
  const backends = await queryTestDatabase<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const brokerPid = Number(readFileSync(join(testKafkaDir, 'broker.pid'), 'utf8').trim());
  const ms = (ticks: number) => (ticks * 1000) / clockTicks;
  return {
    process: (usage.user + usage.system) / 1000,
    postgresBackends: new Map(backends.map(({ pid }) => [pid, ms(cpuTicks(pid))])),
    broker: ms(cpuTicks(brokerPid)),
  };
}

/** CPU ms per decision between two readings; a backend that came in between counts from 0. */
function cpuPerDecision(before: Awaited<ReturnType<typeof cpuMs>>, after: Awaited<ReturnType<typeof cpuMs>>, count: number) {
  let postgres = 0;
  for (const [pid, ms] of after.postgresBackends) postgres += ms - (before.postgresBackends.get(pid) ?? 0);
  const per = (ms: number) => Number((ms / count).toFixed(3));
  return { benchProcess: per(after.process - before.process), postgresBackends: per(postgres), broker: per(after.broker - before.broker) };
}

async function inboxCount(events: { id: string }[]): Promise<number> {
  const [{ count }] = await queryTestDatabase<{ count: string }>(
    `SELECT count(*) FROM "scoring"."inbox" WHERE event_id = ANY($1::uuid[])`,
    [events.map((event) => event.id)],
  );
  return Number(count);
}

const admin = testKafkaClient('bench-decision-throughput-admin').admin();

/** Records of the topic scoring's group has not committed yet. */
async function lag(): Promise<number> {
  const ends = await admin.fetchTopicOffsets(Topics.evidenceVerified);
  const [committed] = await admin.fetchOffsets({ groupId: 'mcp-scoring', topics: [Topics.evidenceVerified] });
  let behind = 0;
  for (const end of ends) {
    const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
    behind += Number(end.high) - Math.max(at, Number(end.low));
  }
  return behind;
}

async function nationalSum(): Promise<Decimal | undefined> {
  const [row] = await queryTestDatabase<{ score_sum: string }>(
    `SELECT score_sum FROM "scoring"."region_aggregate" WHERE region_code = 'national' AND year = $1`,
    [YEAR],
  );
  return row && new Decimal(row.score_sum);
}

async function main(): Promise<void> {
  await provisionTestKafka();
  // The administrator's step (scoring's role, the audit schema), as the test suite's global setup does for mcp_test.
  await prepareDatabase(testDatabaseUrl, ['scoring']);
  const config = loadConfig(ScoringConfig, serviceTestEnv());
  const settings = databaseSettingsOf(config, scoringService);
  await dropSchemas(['scoring']);
  await runMigrations(settings);
  await withDataSource(settings, async (dataSource) => {
    await seedReferenceData(dataSource, 'scoring');
    await dataSource.query(`INSERT INTO "scoring"."framework" (year, revision, document) VALUES ($1, 1, $2)`, [
      YEAR,
      JSON.stringify({ ...framework2024, year: YEAR }),
    ]);
  });
  const app = await createServiceApp(scoringService, config);
  await app.listen(0);
  const producer = testKafkaClient('bench-decision-throughput').producer({ idempotent: true });
  await producer.connect();
  await admin.connect();
  try {
    const data = decisions();
    const expected = expectedNationalSum(data);
    const all = data.map((one) => createEvent(EvidenceVerified, one, eventSourceOf(EvidenceVerified)));
    // Warm the consumer (group join, first fetch) before the clock starts: one decision, waited for.
    const warmUp = all.slice(0, 1);
    await send(producer, encoded(warmUp));
    // ...and let the consumer drain whatever an earlier run left in the topic.
    await until(async () => (await inboxCount(warmUp)) === 1 && (await lag()) === 0, 300_000);
    const rest = all.slice(1);
    // Encoded before the clock: making the records is the producer's work (verification's relay), and
    // here it would take the same thread as the scoring being measured.
    const records = encoded(rest);
    const commitsBefore = await commits();
    const cpuBefore = await cpuMs();
    const started = performance.now();
    await send(producer, records);
    const produced = performance.now();
    // The national row first: one indexed row, while counting 10,000 ids in the inbox costs Postgres
    // ~70 ms a look, CPU taken from the service being measured on a 2-core machine.
    await until(async () => (await nationalSum())?.equals(expected) === true && (await inboxCount(all)) === all.length, 600_000);
    const elapsedMs = performance.now() - started;
    const cpuAfter = await cpuMs();
    const commitsAfter = await commits();
    const [{ count: aggregateEvents }] = await queryTestDatabase<{ count: string }>(
      `SELECT count(*) FROM "scoring"."outbox" WHERE topic = $1`,
      [Topics.aggregateUpdated],
    );
    const [{ count: nationalUpdates }] = await queryTestDatabase<{ count: string }>(
      `SELECT count(*) FROM "scoring"."region_aggregate_history" WHERE region_code = 'national' AND year = $1`,
      [YEAR],
    );
    // The recompute CLI's check: every score and region from the stored decisions, against the incremental ones.
    const recompute = await withDataSource(settings, (dataSource) => recomputeYear(dataSource, YEAR));
    const result = {
      label,
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage1m: Number(loadavg()[0].toFixed(1)),
      year: YEAR,
      decisions: rest.length,
      produceMs: Math.round(produced - started),
      decisionsToNationalMs: Math.round(elapsedMs),
      decisionsPerSecond: Math.round(rest.length / (elapsedMs / 1000)),
      cpuMsPerDecision: cpuPerDecision(cpuBefore, cpuAfter, rest.length),
      postgresCommitsPerDecision: Number(((commitsAfter - commitsBefore) / rest.length).toFixed(2)),
      aggregateEventsPerDecision: Number((Number(aggregateEvents) / all.length).toFixed(3)),
      nationalRowUpdates: Number(nationalUpdates),
      nationalSum: expected.toString(),
      recomputeDifferences: recompute.differences.length,
    };
    console.log(JSON.stringify(result, null, 2));
    const file = join(__dirname, '..', 'results', 'scoring-decision-throughput.json');
    mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
    let runs: unknown[] = [];
    try {
      runs = JSON.parse(readFileSync(file, 'utf8')).runs ?? [];
    } catch {
      runs = [];
    }
    writeFileSync(file, `${JSON.stringify({ runs: [...runs, result] }, null, 2)}\n`);
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await app.close();
  }
}

function encoded(events: McpEvent<EvidenceVerifiedV1>[]): EncodedMessage[] {
  return events.map((event) => encodeEvent(event, event.data.pemdaCode));
}

async function send(producer: ReturnType<ReturnType<typeof testKafkaClient>['producer']>, records: EncodedMessage[]) {
  for (let i = 0; i < records.length; i += 500) {
    await producer.send({ topic: Topics.evidenceVerified, acks: -1, messages: records.slice(i, i + 500) });
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
