import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';
import { repositoryRoot, testDatabaseUrl } from './integration-env';
import { ensureTestInfrastructure } from './local-infrastructure';

/**
 * Jest global setup for *.integration-spec.ts: real Postgres, a real Kafka broker with its topics and
 * ACLs, and clamd; then the administrator's step on the test database (a role per service, the audit
 * schema), as `npm run up` does.
 */
export default async function globalSetup(): Promise<void> {
  ensureTestInfrastructure();
  execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(repositoryRoot, 'libs/service-runtime/src/cli/prepare-database.ts'), '--database-url', testDatabaseUrl],
    { cwd: repositoryRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  // Jest's moduleNameMapper does not reach a global setup: resolve `@mcp/*` from tsconfig's paths.
  const tsconfig = loadConfig(join(__dirname, '..', '..', '..'));
  if (tsconfig.resultType === 'failed') throw new Error(tsconfig.message);
  const unregister = register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });
  try {
    // Required only now, once `@mcp/*` resolves.
    const { provisionTestKafka } = require('./provision-test-kafka') as { provisionTestKafka: () => Promise<void> };
    await provisionTestKafka();
  } finally {
    unregister();
  }
}
