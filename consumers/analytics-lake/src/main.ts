import type { SASLOptions } from 'kafkajs';
import { parseArgs } from 'node:util';
import { ingest } from './ingest';
import { queryLake } from './query';
import { DEFAULT_TOPIC_PATTERN } from './topic-pattern';

/*
 * The reference downstream consumer: lands every MCP event in Parquet (by topic and month) and
 * answers SQL over it with DuckDB. Deployed on its own: it needs Kafka and a folder, nothing else
 * of the platform.
 *   node -r @swc-node/register consumers/analytics-lake/src/main.ts ingest [--until-end]
 *   node -r @swc-node/register consumers/analytics-lake/src/main.ts query "select count(*) from events"
 * Environment: KAFKA_BROKERS (127.0.0.1:9092), KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD /
 * KAFKA_SASL_MECHANISM (scram-sha-512) and KAFKA_TLS (false), LAKE_DIR (.local/analytics-lake),
 * LAKE_MAX_FILE_ROWS (50000), LAKE_FLUSH_SECONDS (60), LAKE_TOPIC_PATTERN (DEFAULT_TOPIC_PATTERN:
 * every event topic but the confidential ones and the dead letters).
 */
/** The lake's principal; without a user name it connects anonymously (a broker without SASL). */
function saslFromEnv(): SASLOptions | undefined {
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password, KAFKA_SASL_MECHANISM: mechanism = 'scram-sha-512' } = process.env;
  if (!username) return undefined;
  if (!password) throw new Error('KAFKA_SASL_PASSWORD must be set with KAFKA_SASL_USERNAME');
  if (mechanism !== 'scram-sha-512' && mechanism !== 'scram-sha-256' && mechanism !== 'plain') {
    throw new Error(`KAFKA_SASL_MECHANISM must be scram-sha-512, scram-sha-256 or plain, not ${mechanism}`);
  }
  return { mechanism, username, password } as SASLOptions;
}

/** A whole number of at least `min` from the environment, or the default; anything else stops the start with its name. */
function wholeNumberFromEnv(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not ${JSON.stringify(text)}`);
  return value;
}

/** true/1/yes or false/0/no, as the platform's services read them; another word stops the start with its name. */
function yesFromEnv(name: string): boolean {
  const word = (process.env[name] ?? '').trim().toLowerCase();
  if (['true', '1', 'yes'].includes(word)) return true;
  if (['false', '0', 'no', ''].includes(word)) return false;
  throw new Error(`${name} must be true/1/yes or false/0/no, not ${JSON.stringify(process.env[name])}`);
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'until-end': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const dir = process.env.LAKE_DIR ?? '.local/analytics-lake';
  const [command, sql] = positionals;
  if (command === 'ingest') {
    const stop = new AbortController();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());
    const result = await ingest({
      dir,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((broker) => broker.trim()),
      sasl: saslFromEnv(),
      tls: yesFromEnv('KAFKA_TLS'),
      topicPattern: new RegExp(process.env.LAKE_TOPIC_PATTERN ?? DEFAULT_TOPIC_PATTERN),
      maxFileRows: wholeNumberFromEnv('LAKE_MAX_FILE_ROWS', 50_000, 1),
      flushAfterMs: wholeNumberFromEnv('LAKE_FLUSH_SECONDS', 60, 0) * 1000,
      untilEnd: values['until-end'] ?? false,
      log: (line) => console.error(line),
      stop: stop.signal,
    });
    console.log(JSON.stringify({ ...result, recordsPerSecond: result.seconds > 0 ? Math.round(result.records / result.seconds) : 0 }));
    return 0;
  }
  if (command === 'query' && sql) {
    const rows = await queryLake(dir, sql);
    if (values.json) console.log(JSON.stringify(rows));
    else if (rows.length > 0) {
      console.log(Object.keys(rows[0]).join('\t'));
      for (const row of rows) console.log(Object.values(row).map((value) => (typeof value === 'object' ? JSON.stringify(value) : String(value))).join('\t'));
    }
    return 0;
  }
  console.error('Pemakaian (usage): main.ts ingest [--until-end] | main.ts query "select …" [--json]');
  return 2;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  },
);
