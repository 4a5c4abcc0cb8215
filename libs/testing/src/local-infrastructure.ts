import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot, testClamdPort, testKafkaPort, testLocalDirOf } from './integration-env';

/**
 * Starts (or reuses) Postgres, a worker's test broker and clamd through the same scripts a
 * developer uses: the calling worker's by default, another's from the global setup.
 */
export function ensureTestInfrastructure(kafkaPort = testKafkaPort, clamdPort = testClamdPort): void {
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    execFileSync('bash', [join(repositoryRoot, script), ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
  run('deploy/local/postgres.sh', []);
  run('deploy/local/kafka/kafka.sh', ['start'], {
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(kafkaPort + 1),
    // One folder per port, so engineers running suites side by side on other ports never share data.
    MCP_LOCAL_DIR: testLocalDirOf(kafkaPort),
    // Test data is disposable: a data dir from before SASL (or before a new service) is re-made.
    KAFKA_RESET_STALE: '1',
  });
  // Every upload is scanned before it is kept, so any suite that uploads needs a clamd.
  run('deploy/local/clamav.sh', ['start'], {
    CLAMD_PORT: String(clamdPort),
    MCP_LOCAL_DIR: testLocalDirOf(kafkaPort),
  });
}
