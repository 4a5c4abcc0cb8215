import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { VerificationConfig } from './verification-config';
import { verificationService } from './verification.definition';

async function migrate(): Promise<void> {
  const settings = databaseSettingsOf(loadConfig(VerificationConfig), verificationService);
  const applied = await runMigrations(settings);
  const seeded = await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, settings.schema));
  console.log(
    `verification: ${applied.length} migration(s) applied; ${seeded.pemda} Pemda and frameworks ${seeded.frameworks.join(', ')} seeded`,
  );
}

void migrate().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
