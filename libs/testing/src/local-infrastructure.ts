import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot, testClamdPort, testKafkaPort } from './integration-env';

/** Starts (or reuses) Postgres, the test broker and clamd through the same scripts a developer uses. */
export function ensureTestInfrastructure(): void {
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    execFileSync('bash', [join(repositoryRoot, script), ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
  run('deploy/local/postgres.sh', []);
  run('deploy/local/kafka/kafka.sh', ['start'], {
    KAFKA_PORT: String(testKafkaPort),
    KAFKA_CONTROLLER_PORT: String(testKafkaPort + 1),
    // One folder per port, so engineers running suites side by side on other ports never share data.
    MCP_LOCAL_DIR: join(repositoryRoot, '.local', `test-${testKafkaPort}`),
  });
  // Every upload is scanned before it is kept, so any suite that uploads needs a clamd.
  run('deploy/local/clamav.sh', ['start'], {
    CLAMD_PORT: String(testClamdPort),
    MCP_LOCAL_DIR: join(repositoryRoot, '.local', `test-${testKafkaPort}`),
  });
}
