import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { SubmissionsConfig } from './submissions-config';
import { submissionsService } from './submissions.definition';

async function migrate(): Promise<void> {
  const settings = databaseSettingsOf(loadConfig(SubmissionsConfig), submissionsService);
  const applied = await runMigrations(settings);
  const seeded = await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, settings.schema));
  console.log(
    `submissions: ${applied.length} migration(s) applied; ${seeded.pemda} Pemda and frameworks ${seeded.frameworks.join(', ')} seeded`,
  );
}

void migrate().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
