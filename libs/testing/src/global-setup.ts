import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';
import { ensureTestInfrastructure } from './local-infrastructure';

/** Jest global setup for *.integration-spec.ts: real Postgres, a real Kafka broker with its topics and ACLs, and clamd. */
export default async function globalSetup(): Promise<void> {
  ensureTestInfrastructure();
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
