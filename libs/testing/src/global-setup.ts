import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot, testDatabaseUrl } from './integration-env';
import { ensureTestInfrastructure } from './local-infrastructure';

/**
 * Jest global setup for *.integration-spec.ts: real Postgres, a real Kafka broker and clamd, then the
 * administrator's step on the test database (a role per service, the audit schema), as `npm run up` does.
 * A child process, because the global setup runs outside Jest's module mapping of `@mcp/*`.
 */
export default function globalSetup(): void {
  ensureTestInfrastructure();
  execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(repositoryRoot, 'libs/service-runtime/src/cli/prepare-database.ts'), '--database-url', testDatabaseUrl],
    { cwd: repositoryRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
}
