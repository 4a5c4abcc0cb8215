import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Integration tests run against their own broker (port 19092, data under .local/test) and their
 * own database, so a developer's running platform on 9092 / `mcp` is never disturbed.
 */
export const repositoryRoot = join(__dirname, '..', '..', '..');
export const testKafkaPort = Number(process.env.MCP_TEST_KAFKA_PORT ?? 19092);
export const testKafkaBrokers = [`127.0.0.1:${testKafkaPort}`];
/** The tests' own clamd (deploy/local/clamav.sh), beside their broker. */
export const testClamdPort = Number(process.env.MCP_TEST_CLAMD_PORT ?? testKafkaPort + 60);
export const testDatabaseUrl =
  process.env.MCP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_test';

/** Where deploy/local/kafka/kafka.sh put the test broker's state (see local-infrastructure.ts). */
export const testKafkaDir = join(repositoryRoot, '.local', `test-${testKafkaPort}`, 'kafka');

/**
 * The password of a principal of the test broker (`admin`, a service, `analytics-lake`): random
 * per broker format, written by kafka.sh beside its data (docs/decisions.md #57).
 */
export function testKafkaPassword(principal: string): string {
  const line = readFileSync(join(testKafkaDir, 'credentials.properties'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${principal}=`));
  if (!line) throw new Error(`The test broker has no principal ${principal} (${testKafkaDir}/credentials.properties)`);
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
