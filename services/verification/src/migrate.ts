import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { rerouteTasksToMapping } from './routing/reroute-tasks';
import { VerificationConfig } from './verification-config';
import { verificationService } from './verification.definition';

async function migrate(): Promise<void> {
  const settings = databaseSettingsOf(loadConfig(VerificationConfig), verificationService);
  const applied = await runMigrations(settings);
  const { seeded, rerouted } = await withDataSource(settings, async (dataSource) => ({
    seeded: await seedReferenceData(dataSource, settings.schema),
    rerouted: await rerouteTasksToMapping(dataSource, new Date()),
  }));
  console.log(
    `verification: ${applied.length} migration(s) applied; ${seeded.pemda} Pemda and frameworks ${seeded.frameworks.join(', ')} seeded; ` +
      `${rerouted} unfinished task(s) moved to a changed wilayah`,
  );
}

void migrate().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
