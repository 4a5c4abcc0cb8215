import 'reflect-metadata';
import {
  AggregateUpdated,
  createEvent,
  eventSourceOf,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  exampleAggregateUpdated,
  exampleEvidenceSubmitted,
  exampleEvidenceVerified,
  exampleEvidenceWithdrawn,
  exampleScoreUpdated,
  exampleYearClosed,
  ScoreUpdated,
  YearClosed,
  type EventContract,
} from '@mcp/contracts';
import { loadPemdaList } from '@mcp/master-data';
import { encodeEvent } from '@mcp/messaging';
import { ensureDatabase, loadServiceConfig, migrateService, withServiceContext } from '@mcp/service-runtime';
import { kafkaPrincipalEnv, testKafkaSasl } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { Client } from 'pg';
import { ingest } from '../../consumers/analytics-lake/src/ingest';
import { ReadModelRebuild } from '../../services/reporting/src/rebuild/read-model-rebuild';
import { reportingService } from '../../services/reporting/src/reporting.definition';

/*
 * Read-model rebuild and lake ingest speed beside the two ceilings they sit under, on the same
 * events in the same run:
 *   raw read       a kafkajs consumer that only counts the records (what reading Kafka costs);
 *   rebuild        the reporting rebuild (decode, validate, dedupe, multi-row upserts into Postgres);
 *   lake ingest    consumers/analytics-lake to Parquet (decode, DuckDB appender, COPY to files);
 *   postgres COPY  the same score rows loaded by PostgreSQL's COPY from a CSV file (what writing them costs).
 * Targets: rebuild ≥ 10,000 events/s and ≥ 50% of the raw read.
 *   node -r @swc-node/register bench/reporting/rebuild-ingest.bench.ts
 * The events go to topics of their own (`bench-<run>.<topic>`, deleted afterwards), so a broker in
 * use is not disturbed. Environment: BENCH_KAFKA_BROKERS (127.0.0.1:19092, the test broker),
 * MCP_BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/mcp_bench_reporting), BENCH_EVENTS
 * (200000). Writes bench/results/rebuild-ingest.json.
 *
 * Profile notes (2026-11-29, `node --cpu-prof`, the rebuild's window): before, the rebuild ran at
 * 0.44-0.46 of the raw read. A third of its time the reader sat idle waiting for the previous
 * flush, i.e. for Postgres: the history tables (one row per event, 150k of 200k) went in by
 * multi-row `unnest` INSERTs with ON CONFLICT checks, index upkeep and WAL; on the CPU side came
 * pg's array escaping, then per-event work for rows a later event replaces (JSON.stringify of the
 * areas, two Date.parse per event) and garbage collection. Changed: shadow tables are UNLOGGED
 * (scratch a crash loses and the next rebuild remakes), the event-id-keyed history rows, already
 * deduplicated in memory, go in by COPY (pg-copy-streams) into index-less shadows, the Pemda row
 * is built once per key at the flush, flushes are 50k keys instead of 20k, and the replay skips the
 * per-record BigInt offset checks when a batch's first and last offsets are in range. Waiting on
 * Postgres fell from ~5.8 s to ~0.6-1.3 s per 200k events; what is left is CPU: kafkajs' own decode
 * (shared with the raw read), decodeFast's header strings and JSON.parse, Ajv validation, the
 * event-id Set and GC. Three runs, all at 0.54-0.77 of the raw read, are in
 * bench/results/rebuild-ingest-runs.json; the machine's load average was 19-27 on 2 cores then, so
 * the absolute rates (the raw read's too, 10-34k/s against 81-88k/s on a quieter machine) fell
 * below 10,000/s in two of them.
 * 2026-11-30: the mix now covers the evidence topics the rebuild also reads. On a quiet machine it
 * then ran at 0.43-0.46 of the raw read: the evidence rows still went in by multi-row INSERTs with
 * conflict checks into indexed shadows. They go by COPY too now (first row per upload or decision
 * kept in memory): 0.52-0.61 (docs/decisions.md #94, bench/README.md).
 */
const brokers = (process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const databaseUrl = process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_reporting';
const eventCount = Number(process.env.BENCH_EVENTS ?? 200_000);
const run = randomUUID().slice(0, 8);
const topicOf = (contract: EventContract<unknown>) => `bench-${run}.${contract.topic}`;
const TARGET_EVENTS_PER_SECOND = 10_000;
const TARGET_SHARE_OF_RAW = 0.5;

// As the test broker's admin (docs/decisions.md #57): the bench makes its own topics.
const sasl = testKafkaSasl('admin');
const kafka = new Kafka({ clientId: 'bench-rebuild', brokers, sasl, logLevel: logLevel.ERROR });

/** Every topic the rebuild reads (services/reporting/src/rebuild/read-model-rebuild.ts). */
const CONTRACTS = [ScoreUpdated, AggregateUpdated, YearClosed, EvidenceSubmitted, EvidenceWithdrawn, EvidenceVerified] as EventContract<unknown>[];

/**
 * Every topic reporting rebuilds from, in the proportions a rush gives them: of every 20 events, 5
 * uploads, 5 decisions, 1 withdrawal, 6 scores and 3 aggregates (scoring batches its aggregates, #79),
 * and the year closed once, at the end. Each upload is decided and some withdrawn, so the evidence
 * rows refer to one another as the live ones do.
 */
function* benchEvents(): Generator<{ contract: EventContract<unknown>; message: Message; csvRow?: string }> {
  const pemda = loadPemdaList();
  const base = Date.UTC(2024, 0, 1);
  const uploads: string[] = [];
  const event = <TData>(contract: EventContract<TData>, data: TData, key: string) => {
    // The owner's source: the rebuild skips any other, as the live consumer dead-letters it (#167).
    const made = createEvent(contract, data, eventSourceOf(contract));
    return { made, contract: contract as EventContract<unknown>, message: encodeEvent(made, key) };
  };
  for (let i = 0; i < eventCount; i += 1) {
    const at = new Date(base + i * 1000).toISOString();
    const own = pemda[i % pemda.length];
    const common = { pemdaCode: own.code, provinceCode: own.provinceCode, year: 2024 };
    if (i === eventCount - 1) {
      yield event(YearClosed, exampleYearClosed({ year: 2024, closedAt: at }), '2024');
      continue;
    }
    const slot = i % 20;
    if (slot < 5) {
      const evidenceId = randomUUID();
      uploads.push(evidenceId);
      yield event(EvidenceSubmitted, exampleEvidenceSubmitted({ ...common, evidenceId, submittedAt: at }), own.code);
    } else if (slot < 10) {
      const evidenceId = uploads[i % uploads.length];
      yield event(EvidenceVerified, exampleEvidenceVerified({ ...common, decisionId: randomUUID(), sequence: i, evidenceIds: [evidenceId], decidedAt: at }), own.code);
    } else if (slot === 10) {
      yield event(EvidenceWithdrawn, exampleEvidenceWithdrawn({ ...common, evidenceId: uploads[i % uploads.length], withdrawnAt: at }), own.code);
    } else if (slot < 14) {
      const data = exampleAggregateUpdated({ regionCode: 'national', regionKind: 'national', pemdaCount: 546, average: (i % 100).toString(), scoreSum: String(i), updatedAt: at, areas: [] });
      yield event(AggregateUpdated, data, data.regionCode);
    } else {
      const total = ((i * 37) % 10000) / 100;
      const data = exampleScoreUpdated({
        ...common,
        wilayah: 'III',
        total: total.toFixed(2),
        areas: [{ code: 'PRC', score: total.toFixed(2) }],
        computedAt: at,
      });
      const { made, contract, message } = event(ScoreUpdated, data, data.pemdaCode);
      yield { contract, message, csvRow: `${made.id},${data.pemdaCode},2024,${data.total},${at}` };
    }
  }
}

async function produce(): Promise<{ seconds: number; csvRows: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: CONTRACTS.map((contract) => ({ topic: topicOf(contract), numPartitions: 3, replicationFactor: 1 })),
  });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = process.hrtime.bigint();
  const csvRows: string[] = [];
  let pending = new Map<string, Message[]>();
  let size = 0;
  const flush = async () => {
    await producer.sendBatch({ topicMessages: [...pending].map(([topic, messages]) => ({ topic, messages })) });
    pending = new Map();
    size = 0;
  };
  for (const { contract, message, csvRow } of benchEvents()) {
    const topic = topicOf(contract);
    const queued = pending.get(topic) ?? [];
    queued.push(message);
    pending.set(topic, queued);
    if (csvRow) csvRows.push(csvRow);
    if (++size >= 5000) await flush();
  }
  await flush();
  await producer.disconnect();
  return { seconds: seconds(started), csvRows };
}

/** The ceiling: read every record, do nothing with it. */
async function rawRead(topics: string[]): Promise<number> {
  // Timed like the rebuild: from connecting (group join included) to the last record.
  const started = process.hrtime.bigint();
  const consumer = kafka.consumer({ groupId: `bench-raw-${run}`, maxBytesPerPartition: 16 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let read = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        read += batch.messages.length;
        if (read >= eventCount) resolve();
      },
    });
  });
  await done;
  const elapsed = seconds(started);
  await consumer.disconnect();
  return Math.round(read / elapsed);
}

async function postgresCopy(csvRows: string[]): Promise<{ rows: number; rowsPerSecond: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-copy-'));
  // The server process reads the file, not us.
  chmodSync(folder, 0o755);
  const file = join(folder, 'scores.csv');
  writeFileSync(file, `${csvRows.join('\n')}\n`, { mode: 0o644 });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TEMP TABLE copied (event_id uuid, pemda_code text, year integer, total numeric, computed_at timestamptz)`);
    const started = process.hrtime.bigint();
    await client.query(`COPY copied FROM '${file}' WITH (FORMAT csv)`);
    return { rows: csvRows.length, rowsPerSecond: Math.round(csvRows.length / seconds(started)) };
  } finally {
    await client.end();
    rmSync(folder, { recursive: true, force: true });
  }
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  const env = { ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'error', ...kafkaPrincipalEnv('admin') };
  await migrateService(reportingService, loadServiceConfig(reportingService, env));
  const topics = CONTRACTS.map(topicOf);
  console.log(`Menulis ${eventCount} peristiwa ke ${topics.join(', ')} …`);
  const produced = await produce();
  try {
    const rawEventsPerSecond = await rawRead(topics);
    console.log(`raw read: ${rawEventsPerSecond} peristiwa/detik`);
    const rebuild = await withServiceContext(
      reportingService,
      (context, config) =>
        context.get(ReadModelRebuild).run(
          { brokers: config.KAFKA_BROKERS, clientId: `bench-${run}`, partitions: 3, sasl },
          {
            apply: false,
            topics,
            onProgress: ({ read, total }) => {
              if (read % 20_000 < 2_000) process.stderr.write(`rebuild ${read}/${total}\n`);
            },
          },
        ),
      env,
    );
    console.log(`rebuild: ${rebuild.eventsPerSecond} peristiwa/detik`);
    // A rebuild that skipped the events would be timed as fast as a raw read.
    if (rebuild.eventsApplied !== eventCount) {
      throw new Error(`rebuild applied ${rebuild.eventsApplied} of ${eventCount} events (${rebuild.eventsSkipped} skipped): the figure would mean nothing`);
    }
    const lakeDir = mkdtempSync(join(tmpdir(), 'bench-lake-'));
    const lake = await ingest({
      dir: lakeDir,
      brokers,
      sasl,
      topicPattern: new RegExp(`^bench-${run}\\.`),
      maxFileRows: 50_000,
      flushAfterMs: 60_000,
      untilEnd: true,
      log: () => undefined,
    });
    rmSync(lakeDir, { recursive: true, force: true });
    console.log(`lake ingest: ${Math.round(lake.records / lake.seconds)} peristiwa/detik`);
    const copy = await postgresCopy(produced.csvRows);
    console.log(`postgres COPY: ${copy.rowsPerSecond} baris/detik`);

    const result = {
      benchmark: 'reporting read-model rebuild and analytics-lake ingest',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverage1m: loadavg()[0], node: process.version },
      events: eventCount,
      eventMix:
        'of every 20: 5 mcp.evidence.submitted.v1, 5 mcp.evidence.verified.v1, 1 mcp.evidence.withdrawn.v1, 6 mcp.score.updated.v1, ' +
        '3 mcp.aggregate.updated.v1; one mcp.year.closed.v1; 546 Pemda, 3 partitions per topic',
      produceSeconds: Number(produced.seconds.toFixed(2)),
      rawRead: { eventsPerSecond: rawEventsPerSecond, what: 'kafkajs consumer counting records (eachBatch), same fetch sizes' },
      rebuild: {
        eventsPerSecond: rebuild.eventsPerSecond,
        seconds: Number(rebuild.seconds.toFixed(2)),
        eventsRead: rebuild.eventsRead,
        shareOfRawRead: Number((rebuild.eventsPerSecond / rawEventsPerSecond).toFixed(2)),
        what: 'replay from offset 0, decode, schema validation, dedupe by id, multi-row upserts + score history into Postgres',
      },
      lakeIngest: {
        eventsPerSecond: Math.round(lake.records / lake.seconds),
        seconds: Number(lake.seconds.toFixed(2)),
        records: lake.records,
        files: lake.files,
        shareOfRawRead: Number((lake.records / lake.seconds / rawEventsPerSecond).toFixed(2)),
      },
      postgresCopy: { ...copy, what: 'server-side COPY FROM a CSV file of the score rows (the score history rows the rebuild writes)' },
      targets: { rebuildEventsPerSecond: TARGET_EVENTS_PER_SECOND, rebuildShareOfRawRead: TARGET_SHARE_OF_RAW },
      targetsMet:
        rebuild.eventsPerSecond >= TARGET_EVENTS_PER_SECOND && rebuild.eventsPerSecond / rawEventsPerSecond >= TARGET_SHARE_OF_RAW,
    };
    const out = join(__dirname, '..', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'rebuild-ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
