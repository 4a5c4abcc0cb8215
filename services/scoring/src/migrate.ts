import 'reflect-metadata';
import { seedReferenceData } from '@mcp/reference-data';
import { databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { scoringService } from './scoring.definition';
import { ScoringConfig } from './scoring-config';

async function migrate(): Promise<void> {
  const settings = databaseSettingsOf(loadConfig(ScoringConfig), scoringService);
  const applied = await runMigrations(settings);
  console.log(`scoring: ${applied.length} migration(s) applied`);
  // Scores need the Pemda list (regions, counts) and the frameworks before the first decision arrives.
  const seeded = await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, scoringService.name));
  console.log(`scoring: reference data seeded (${seeded.pemda} Pemda; frameworks ${seeded.frameworks.join(', ')})`);
}

void migrate().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
