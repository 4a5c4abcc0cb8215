import './live-consumer-env';
import 'reflect-metadata';
import {
  AggregateUpdated,
  createEvent,
  eventSourceOf,
  EvidenceVerified,
  exampleAggregateUpdated,
  exampleEvidenceVerified,
  exampleScoreUpdated,
  ScoreUpdated,
  type EventContract,
  type McpEvent,
} from '@mcp/contracts';
import { loadPemdaList, loadWilayahMapping, wilayahOfPemda } from '@mcp/master-data';
import { encodeEvent } from '@mcp/messaging';
import { seedReferenceData } from '@mcp/reference-data';
import { createServiceApp, databaseSettingsOf, loadConfig, prepareDatabase, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, provisionTestKafka, queryTestDatabase, serviceTestEnv, testDatabaseUrl, testKafkaClient } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Message } from 'kafkajs';
import { NotificationConfig } from '../../services/notification/src/notification-config';
import { notificationService } from '../../services/notification/src/notification.definition';
import { ReportingConfig } from '../../services/reporting/src/reporting-config';
import { reportingService } from '../../services/reporting/src/reporting.definition';

/*
 * How fast reporting's live consumer takes in what decisions cause (issue 16: in the rush it is the
 * consumer that lags at 100 decisions/s). BENCH_DECISIONS (5,000) decisions are turned into the
 * events reporting consumes for them and produced straight to the topics, keyed as the relays key
 * them; the clock runs from the first send until reporting's inbox holds every one. Mixes
 * (BENCH_MIX):
 *   full       per decision its mcp.evidence.verified.v1, the mcp.score.updated.v1 of its Pemda and the
 *              three mcp.aggregate.updated.v1 of its province, wilayah and the nation (scoring
 *              announcing each decision alone: the most reporting can be sent per decision);
 *   decisions  only the mcp.evidence.verified.v1.
 * BENCH_SERVICE=notification times notification's consumer instead, on the decisions mix, with two
 * staff per Pemda (an operator with an e-mail address, an admin without) and one webhook
 * subscription to every decision, so each decision writes its feed row, four deliveries (in-app to
 * both, e-mail to the operator, the webhook) and its decision in force; nothing is sent (no
 * dispatcher), the sending is not this bench's subject.
 * The service runs in this process on the test broker (MCP_TEST_KAFKA_PORT) and a database of the
 * bench's own (commits are read from pg_stat_database): MCP_BENCH_DATABASE_URL, default
 * mcp_bench_live_consumer (live-consumer-env.ts; MCP_TEST_DATABASE_URL, if set, wins), created and
 * prepared as the test suite prepares mcp_test, its service schema dropped first; the events use a year of their own,
 * and the consumer drains what earlier runs left before the clock starts. The events are encoded
 * before the clock starts; the process's CPU still includes the producer's sends.
 *   npm run bench:live-consumer -- [label]
 * Appends the run to bench/results/<service>-live-consumer.json.
 */
const decisionCount = Number(process.env.BENCH_DECISIONS ?? 5_000);
const service = process.env.BENCH_SERVICE === 'notification' ? 'notification' : 'reporting';
const mix = service === 'notification' ? 'decisions' : (process.env.BENCH_MIX ?? 'full');
const label = process.argv[2] ?? 'run';
const YEAR = Number(process.env.BENCH_YEAR ?? 2040 + (Math.floor(Date.now() / 1000) % 50));
const CONTRACTS = mix === 'full' ? [EvidenceVerified, ScoreUpdated, AggregateUpdated] : [EvidenceVerified];
const TOPICS = CONTRACTS.map((contract) => contract.topic);

interface Outgoing {
  id: string;
  topic: string;
  message: Message;
}

function outgoing<TData>(contract: EventContract<TData>, data: TData, key: string): Outgoing {
  const event: McpEvent<TData> = createEvent(contract, data, eventSourceOf(contract));
  return { id: event.id, topic: contract.topic, message: encodeEvent(event, key) };
}

/** Every decision's events, in the order the platform would send them. */
function eventsOfDecisions(): Outgoing[] {
  const pemdaList = loadPemdaList();
  const wilayahMapping = loadWilayahMapping();
  const base = Date.now();
  const events: Outgoing[] = [];
  for (let i = 0; i < decisionCount; i += 1) {
    const pemda = pemdaList[i % pemdaList.length];
    const at = new Date(base + i).toISOString();
    const common = { pemdaCode: pemda.code, provinceCode: pemda.provinceCode, year: YEAR };
    const decisionId = randomUUID();
    events.push(
      outgoing(
        EvidenceVerified,
        exampleEvidenceVerified({ ...common, decisionId, taskId: randomUUID(), sequence: i + 1, evidenceIds: [randomUUID()], decidedAt: at }),
        pemda.code,
      ),
    );
    if (mix !== 'full') continue;
    const total = ((i * 37) % 10_000) / 100;
    const wilayah = wilayahOfPemda(pemda, wilayahMapping);
    events.push(
      outgoing(
        ScoreUpdated,
        exampleScoreUpdated({ ...common, wilayah, total: total.toFixed(4), causedByDecisionId: decisionId, computedAt: at }),
        pemda.code,
      ),
    );
    const regions = [
      { regionCode: pemda.provinceCode, regionKind: 'province' as const, pemdaCount: 20 },
      { regionCode: `wilayah-${wilayah}`, regionKind: 'wilayah' as const, pemdaCount: 110 },
      { regionCode: 'national', regionKind: 'national' as const, pemdaCount: 546 },
    ];
    for (const region of regions) {
      events.push(
        outgoing(
          AggregateUpdated,
          exampleAggregateUpdated({ ...region, year: YEAR, scoreSum: String(i), average: (i / region.pemdaCount).toFixed(4), updatedAt: at }),
          region.regionCode,
        ),
      );
    }
  }
  return events;
}

async function databaseCounter(sql: string): Promise<number> {
  const [{ value }] = await queryTestDatabase<{ value: string }>(sql);
  return Number(value);
}
const commits = () => databaseCounter(`SELECT xact_commit AS value FROM pg_stat_database WHERE datname = current_database()`);
const EVENT_TYPES = CONTRACTS.map((contract) => `'${contract.type}'`).join(', ');
/** Rows of the produced topics' consumers; other topics (frameworks) may still bring their history. */
const inboxRows = () => databaseCounter(`SELECT count(*) AS value FROM "${service}"."inbox" WHERE event_type IN (${EVENT_TYPES})`);
async function inInbox(events: Outgoing[]): Promise<boolean> {
  const [{ count }] = await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM "${service}"."inbox" WHERE event_id = ANY($1::uuid[])`, [
    events.map((event) => event.id),
  ]);
  return Number(count) === events.length;
}

const admin = testKafkaClient('bench-live-consumer-admin').admin();

/** Records of the produced topics the service's group has not committed yet. */
async function lag(): Promise<number> {
  let behind = 0;
  for (const topic of TOPICS) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: `mcp-${service}`, topics: [topic] });
    for (const end of ends) {
      const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      behind += Number(end.high) - Math.max(at, Number(end.low));
    }
  }
  return behind;
}

/** The service under test, its schema made afresh; only its consumers are this bench's subject. */
async function startService(): Promise<INestApplication> {
  if (service === 'reporting') {
    // The audit head is not this bench's subject (and its schema is the administrator's step's).
    const config = loadConfig(ReportingConfig, serviceTestEnv({ AUDIT_HEAD_INTERVAL_MS: '0', LOG_LEVEL: 'error' }));
    const settings = databaseSettingsOf(config, reportingService);
    await dropSchemas(['reporting']);
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'reporting'));
    return createServiceApp(reportingService, config);
  }
  const env = { DELIVERY_POLL_INTERVAL_MS: '0', REMINDER_INTERVAL_MS: '0', DEAD_LETTER_CHECK_INTERVAL_MS: '0', LOG_LEVEL: 'error' };
  const config = loadConfig(NotificationConfig, serviceTestEnv(env));
  const settings = databaseSettingsOf(config, notificationService);
  await dropSchemas(['notification']);
  await runMigrations(settings);
  await withDataSource(settings, async (dataSource) => {
    await seedReferenceData(dataSource, 'notification');
    const codes = loadPemdaList().map((pemda) => pemda.code);
    await dataSource.query(
      `INSERT INTO "notification"."recipient" (user_id, role, pemda_code, email)
       SELECT 'operator-' || code, 'pemda-operator', code, 'operator-' || code || '@pemda.go.id' FROM unnest($1::text[]) AS code
       UNION ALL SELECT 'admin-' || code, 'pemda-admin', code, NULL FROM unnest($1::text[]) AS code`,
      [codes],
    );
    await dataSource.query(
      `INSERT INTO "notification"."webhook_subscription" (id, url, event_types, secrets) VALUES ($1, 'http://127.0.0.1:9/bench', ARRAY[$2], ARRAY['bench'])`,
      [randomUUID(), EvidenceVerified.type],
    );
  });
  return createServiceApp(notificationService, config);
}

async function main(): Promise<void> {
  await provisionTestKafka();
  // The administrator's step (the service's role, the audit schema), as the test suite's global setup does for mcp_test.
  await prepareDatabase(testDatabaseUrl, [service]);
  const app = await startService();
  await app.listen(0);
  const producer = testKafkaClient('bench-live-consumer').producer({ idempotent: true });
  await producer.connect();
  await admin.connect();
  try {
    const events = eventsOfDecisions();
    // Warm the consumer (group join, first fetches) and drain what earlier runs left, before the clock.
    const warmUp = events.slice(0, mix === 'full' ? 5 : 1);
    await send(producer, warmUp);
    await until(async () => (await inInbox(warmUp)) && (await lag()) === 0, 300_000);
    const rest = events.slice(warmUp.length);
    const inboxBefore = await inboxRows();
    const commitsBefore = await commits();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await send(producer, rest);
    const produced = performance.now();
    await until(async () => (await inboxRows()) - inboxBefore === rest.length, 600_000);
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const commitsAfter = await commits();
    const decisions = decisionCount - 1;
    const result = {
      label,
      service,
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage1mAtEnd: Number(loadavg()[0].toFixed(1)),
      mix,
      decisions,
      events: rest.length,
      produceMs: Math.round(produced - started),
      caughtUpMs: Math.round(elapsedMs),
      eventsPerSecond: Math.round(rest.length / (elapsedMs / 1000)),
      decisionsPerSecond: Math.round(decisions / (elapsedMs / 1000)),
      postgresCommitsPerEvent: Number(((commitsAfter - commitsBefore) / rest.length).toFixed(3)),
      processCpuMsPerDecision: Number(((cpu.user + cpu.system) / 1000 / decisions).toFixed(3)),
    };
    console.log(JSON.stringify(result, null, 2));
    const file = join(__dirname, '..', 'results', `${service}-live-consumer.json`);
    mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
    const runs: unknown[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).runs ?? []) : [];
    writeFileSync(file, `${JSON.stringify({ runs: [...runs, result] }, null, 2)}\n`);
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await app.close();
  }
}

type BenchProducer = ReturnType<ReturnType<typeof testKafkaClient>['producer']>;

/** In sends of 500 records, each topic's records in one request, as a relay batches its outbox. */
async function send(producer: BenchProducer, events: Outgoing[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of events.slice(i, i + 500)) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
