import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';
import { repositoryRoot, testDatabaseUrlOfWorker, testKafkaPortOfWorker, testPortNear } from './integration-env';
import { ensureTestInfrastructure } from './local-infrastructure';

/**
 * Jest global setup for *.integration-spec.ts, once for every worker Jest may start (each has its
 * own, see integration-env.ts): real Postgres, a real Kafka broker with its topics and ACLs, and
 * clamd; then the administrator's step on the worker's test database (a role per service, the
 * audit schema), as `npm run up` does.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const workers = Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, (_, workerIndex) => workerIndex);
  for (const workerIndex of workers) {
    ensureTestInfrastructure(testKafkaPortOfWorker(workerIndex), testPortNear('MCP_TEST_CLAMD_PORT', 60, workerIndex));
    execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', join(repositoryRoot, 'libs/service-runtime/src/cli/prepare-database.ts'), '--database-url', testDatabaseUrlOfWorker(workerIndex)],
      { cwd: repositoryRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
    );
  }
  // Jest's moduleNameMapper does not reach a global setup: resolve `@mcp/*` from tsconfig's paths.
  const tsconfig = loadConfig(join(__dirname, '..', '..', '..'));
  if (tsconfig.resultType === 'failed') throw new Error(tsconfig.message);
  const unregister = register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });
  try {
    // Required only now, once `@mcp/*` resolves.
    const { provisionTestKafka } = require('./provision-test-kafka') as { provisionTestKafka: (kafkaPort: number) => Promise<void> };
    for (const workerIndex of workers) await provisionTestKafka(testKafkaPortOfWorker(workerIndex));
  } finally {
    unregister();
  }
}
