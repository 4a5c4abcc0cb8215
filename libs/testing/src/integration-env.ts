import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Integration tests run against their own broker (port 19092, data under .local/test-19092) and
 * their own database (mcp_test), so a developer's running platform on 9092 / `mcp` is never
 * disturbed. Jest runs the files on two workers (jest.integration.config.js); each worker has its
 * own broker, clamd, S3 stand-in, Keycloak and database, 100 ports further up and `_2` appended
 * (docs/decisions.md #105), because a file empties the topics and drops the schemas it uses.
 */
export const repositoryRoot = join(__dirname, '..', '..', '..');
export const TEST_WORKER_PORT_STRIDE = 100;

/** 0 for Jest's first worker (and for the global setup, which runs before any worker). */
export const testWorkerIndex = Math.max(0, Number(process.env.JEST_WORKER_ID ?? 1) - 1);

/** The test broker's port for a worker: MCP_TEST_KAFKA_PORT (default 19092) for the first. */
export function testKafkaPortOfWorker(workerIndex: number): number {
  return Number(process.env.MCP_TEST_KAFKA_PORT ?? 19092) + TEST_WORKER_PORT_STRIDE * workerIndex;
}

/** The test database of a worker: MCP_TEST_DATABASE_URL (default mcp_test) for the first, `<name>_<n>` for the n-th. */
export function testDatabaseUrlOfWorker(workerIndex: number): string {
  const url = process.env.MCP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_test';
  return workerIndex === 0 ? url : url.replace(/\/([^/?]+)(\?.*)?$/, `/$1_${workerIndex + 1}$2`);
}

/**
 * A worker's port beside its broker: `offsetFromBroker` above it, unless `variable` pins the first
 * worker's (MCP_TEST_CLAMD_PORT, MCP_TEST_S3_PORT ...); every other worker's is then strides up.
 */
export function testPortNear(variable: string, offsetFromBroker: number, workerIndex = testWorkerIndex): number {
  const pinned = process.env[variable];
  return pinned ? Number(pinned) + TEST_WORKER_PORT_STRIDE * workerIndex : testKafkaPortOfWorker(workerIndex) + offsetFromBroker;
}

export const testKafkaPort = testKafkaPortOfWorker(testWorkerIndex);
export const testKafkaBrokers = [`127.0.0.1:${testKafkaPort}`];
/** The tests' own clamd (deploy/local/clamav.sh), beside their broker. */
export const testClamdPort = testPortNear('MCP_TEST_CLAMD_PORT', 60);
export const testDatabaseUrl = testDatabaseUrlOfWorker(testWorkerIndex);

/** Where deploy/local/* keep a worker's test infrastructure: one folder per broker port. */
export function testLocalDirOf(kafkaPort: number = testKafkaPort): string {
  return join(repositoryRoot, '.local', `test-${kafkaPort}`);
}

/** Where deploy/local/kafka/kafka.sh put the test broker's state (see local-infrastructure.ts). */
export const testKafkaDir = join(testLocalDirOf(), 'kafka');

/**
 * The password of a principal of the test broker (`admin`, a service, `analytics-lake`): random
 * per broker format, written by kafka.sh beside its data (docs/decisions.md #57).
 */
export function testKafkaPassword(principal: string, kafkaPort: number = testKafkaPort): string {
  const kafkaDir = join(testLocalDirOf(kafkaPort), 'kafka');
  const line = readFileSync(join(kafkaDir, 'credentials.properties'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${principal}=`));
  if (!line) throw new Error(`The test broker has no principal ${principal} (${kafkaDir}/credentials.properties)`);
  return line.slice(principal.length + 1);
}

/** The SASL variables a service (or the lake) reads, for the named principal of the test broker. */
export function kafkaPrincipalEnv(principal: string): Record<string, string> {
  return {
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD: testKafkaPassword(principal),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
  };
}

/**
 * Environment for a service under test: the same variables production reads. Kafka as `admin`
 * unless a caller passes a service's own principal (`kafkaPrincipalEnv(name)`), as the e2e
 * platform does; a spec of one service's internals is not about the broker's ACLs.
 */
export function serviceTestEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: testDatabaseUrl,
    KAFKA_BROKERS: testKafkaBrokers.join(','),
    KAFKA_PARTITIONS: '3',
    CLAMD_PORT: String(testClamdPort),
    LOG_LEVEL: 'warn',
    ...kafkaPrincipalEnv('admin'),
    ...overrides,
  };
}
