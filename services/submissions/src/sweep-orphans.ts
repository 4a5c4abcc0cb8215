import 'reflect-metadata';
import { databaseSettingsOf, loadServiceConfig, withDataSource } from '@mcp/service-runtime';
import { createStorage } from './storage/create-storage';
import { submissionsService } from './submissions.definition';
import { OrphanSweeper } from './sweeper/orphan-sweeper';

/**
 * One orphan sweep from the command line (the service also sweeps every
 * ORPHAN_SWEEP_INTERVAL_MINUTES): node -r @swc-node/register services/submissions/src/sweep-orphans.ts
 */
async function sweepOrphans(): Promise<void> {
  const config = loadServiceConfig(submissionsService);
  const storage = createStorage(config);
  const result = await withDataSource(databaseSettingsOf(config, submissionsService), (dataSource) =>
    new OrphanSweeper(dataSource, storage, config.ORPHAN_GRACE_MINUTES).sweep(new Date()),
  );
  console.log(
    `submissions: removed ${result.removedObjects.length} orphaned object(s) and ${result.removedIncompleteWrites} unfinished upload(s) older than ${config.ORPHAN_GRACE_MINUTES} minutes`,
  );
  for (const key of result.removedObjects) console.log(`  ${key}`);
  if (result.unaccountedObjects.length > 0) {
    console.log(
      `submissions: kept ${result.unaccountedObjects.length} object(s) that no evidence row and no pending upload account for ` +
        '(never removed: after a database restore they may be real evidence):',
    );
    for (const key of result.unaccountedObjects) console.log(`  ${key}`);
  }
}

void sweepOrphans().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
