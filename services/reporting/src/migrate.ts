import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { reportingService } from './reporting.definition';
import { ReportingConfig } from './reporting-config';

async function migrate(): Promise<void> {
  const settings = databaseSettingsOf(loadConfig(ReportingConfig), reportingService);
  const applied = await runMigrations(settings);
  console.log(`reporting: ${applied.length} migration(s) applied`);
  const seeded = await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'reporting'));
  console.log(`reporting: ${seeded.pemda} Pemda and framework(s) ${seeded.frameworks.join(', ')} seeded`);
}

void migrate().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
