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

/** Environment for a service under test: the same variables production reads. */
export function serviceTestEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: testDatabaseUrl,
    KAFKA_BROKERS: testKafkaBrokers.join(','),
    KAFKA_PARTITIONS: '3',
    CLAMD_PORT: String(testClamdPort),
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}
