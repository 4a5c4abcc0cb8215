import { testKafkaBrokers, testKafkaDir, testKafkaPassword } from '@mcp/testing';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { repositoryRoot } from '../../e2e/src/service-process';

/*
 * What the machine can do underneath the platform, measured in the same run: Kafka's own tools
 * (the jars deploy/local/kafka/kafka.sh fetched for the broker) on the rush's broker, and Postgres
 * writing decision-shaped rows into the rush's database by COPY and by one-row transactions.
 */
const run = promisify(execFile);
const PERF_TOPIC = 'bench-rush-ceiling';

export interface KafkaProducerCeiling {
  records: number;
  recordBytes: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  latencyMs: { avg: number; p50: number; p95: number; p99: number };
  output: string;
}

export interface KafkaEndToEndCeiling {
  records: number;
  recordBytes: number;
  latencyMs: { avg: number; p50: number; p99: number; p999: number };
}

async function kafkaTool(mainClass: string, args: string[]): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-rush-kafka-'));
  const config = join(folder, 'client.properties');
  const password = testKafkaPassword('admin');
  writeFileSync(
    config,
    [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-512',
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${password}";`,
    ].join('\n'),
    { mode: 0o600 },
  );
  try {
    const { stdout } = await run(
      'nice',
      [
        '-n',
        '10',
        'java',
        '-Xmx512m',
        '-XX:+UseSerialGC',
        `-Dlog4j2.configurationFile=${join(repositoryRoot, 'deploy/local/kafka/log4j2-tools.properties')}`,
        '-cp',
        `${join(testKafkaDir, 'lib')}/*`,
        mainClass,
        '--bootstrap-server',
        testKafkaBrokers.join(','),
        '--command-config',
        config,
        ...args,
      ],
      { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
    );
    return stdout;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A topic of its own (three partitions, as the MCP topics), emptied by re-creating it. */
async function freshPerfTopic(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(PERF_TOPIC)) {
      await admin.deleteTopics({ topics: [PERF_TOPIC] });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    await admin.createTopics({ topics: [{ topic: PERF_TOPIC, numPartitions: 3 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** `kafka-producer-perf-test` unthrottled, acks=all as the services' idempotent producers send. */
export async function kafkaProducerCeiling(kafka: Kafka, records: number, recordBytes: number): Promise<KafkaProducerCeiling> {
  await freshPerfTopic(kafka);
  const output = await kafkaTool('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    PERF_TOPIC,
    '--num-records',
    String(records),
    '--record-size',
    String(recordBytes),
    '--throughput',
    '-1',
    '--producer-props',
    'acks=all',
  ]);
  // "100000 records sent, 14602.8 records/sec (13.93 MB/sec), 1411.25 ms avg latency, 1879.00 ms max latency, 1439 ms 50th, 1844 ms 95th, 1872 ms 99th, ..."
  const summary = output.trim().split('\n').filter((line) => line.includes('records sent')).at(-1) ?? '';
  const number = (pattern: RegExp) => Number(pattern.exec(summary)?.[1] ?? NaN);
  return {
    records,
    recordBytes,
    recordsPerSecond: Math.round(number(/([\d.]+) records\/sec/)),
    mbPerSecond: number(/\(([\d.]+) MB\/sec\)/),
    latencyMs: {
      avg: number(/([\d.]+) ms avg latency/),
      p50: number(/(\d+) ms 50th/),
      p95: number(/(\d+) ms 95th/),
      p99: number(/(\d+) ms 99th/),
    },
    output: summary,
  };
}

/** `kafka.tools.EndToEndLatency` (org.apache.kafka.tools since 4.0): one record at a time, produce → consume. */
export async function kafkaEndToEndCeiling(kafka: Kafka, records: number, recordBytes: number): Promise<KafkaEndToEndCeiling> {
  await freshPerfTopic(kafka);
  const output = await kafkaTool('org.apache.kafka.tools.EndToEndLatency', [
    '--topic',
    PERF_TOPIC,
    '--num-records',
    String(records),
    '--producer-acks',
    'all',
    '--record-size',
    String(recordBytes),
  ]);
  // "Avg latency: 2.5246 ms" and "Percentiles: 50th = 1, 99th = 14, 99.9th = 103"
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? NaN);
  return {
    records,
    recordBytes,
    latencyMs: { avg: number(/Avg latency: ([\d.]+) ms/), p50: number(/50th = (\d+)/), p99: number(/ 99th = (\d+)/), p999: number(/99\.9th = (\d+)/) },
  };
}

export async function dropPerfTopic(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(PERF_TOPIC)) await admin.deleteTopics({ topics: [PERF_TOPIC] });
  } finally {
    await admin.disconnect();
  }
}

const DECISION_COLUMNS = `id uuid, task_id uuid, sequence integer, pemda_code text, year integer, sub_indicator_code text,
  outcome text, verified_value numeric(6, 2), decided_by text, decided_at timestamptz`;

function decisionRow(index: number): string {
  return `${randomUUID()},${randomUUID()},1,32.${String(index % 100).padStart(2, '0')},2095,PRC.1.${(index % 3) + 1},approved,100,bench-verifier,2095-11-01T00:00:00Z\n`;
}

/**
 * COPY FROM STDIN (what a bulk writer in a service would send) of `rows` decision-shaped rows into
 * an ordinary table with a primary key: logged like the services' tables, unlike a temporary one.
 */
export async function postgresCopyCeiling(databaseUrl: string, rows: number): Promise<{ rows: number; rowsPerSecond: number; seconds: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS public.rush_copy_ceiling`);
    await client.query(`CREATE TABLE public.rush_copy_ceiling (${DECISION_COLUMNS}, PRIMARY KEY (id))`);
    const started = performance.now();
    await pipeline(
      Readable.from(
        (function* () {
          for (let index = 0; index < rows; index += 1) yield decisionRow(index);
        })(),
      ),
      client.query(copyFrom('COPY public.rush_copy_ceiling FROM STDIN WITH (FORMAT csv)')),
    );
    const seconds = (performance.now() - started) / 1000;
    return { rows, rowsPerSecond: Math.round(rows / seconds), seconds: Math.round(seconds * 100) / 100 };
  } finally {
    await client.query(`DROP TABLE IF EXISTS public.rush_copy_ceiling`);
    await client.end();
  }
}

/** `clients` connections each committing one-row INSERTs for `seconds`: the one-transaction-per-event pattern's ceiling. */
export async function postgresInsertCeiling(databaseUrl: string, clients: number, seconds: number): Promise<{ clients: number; transactionsPerSecond: number }> {
  const setup = new Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query(`DROP TABLE IF EXISTS public.rush_insert_ceiling`);
  await setup.query(`CREATE TABLE public.rush_insert_ceiling (${DECISION_COLUMNS}, PRIMARY KEY (id))`);
  let transactions = 0;
  const connected: Client[] = [];
  try {
    // Every client connected before the clock starts: connecting is not the transactions' time.
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        connected.push(client);
      }),
    );
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      connected.map(async (client, worker) => {
        for (let index = worker; performance.now() < until; index += clients) {
          await client.query(
            `INSERT INTO public.rush_insert_ceiling VALUES ($1, $2, 1, $3, 2095, 'PRC.1.1', 'approved', 100, 'bench-verifier', now())`,
            [randomUUID(), randomUUID(), `32.${index % 100}`],
          );
          transactions += 1;
        }
      }),
    );
    return { clients, transactionsPerSecond: Math.round(transactions / ((performance.now() - started) / 1000)) };
  } finally {
    await Promise.all(connected.map((client) => client.end().catch(() => undefined)));
    await setup.query(`DROP TABLE IF EXISTS public.rush_insert_ceiling`);
    await setup.end();
  }
}
