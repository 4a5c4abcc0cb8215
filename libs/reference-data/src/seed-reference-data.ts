import { availableFrameworkYears, loadFramework, loadPemdaList, loadWilayahMapping } from '@mcp/master-data';
import { schemaOf } from '@mcp/service-runtime';
import type { DataSource } from 'typeorm';
import { announceReferenceDataChange } from './reference-data-changes';

export interface SeedSummary {
  pemda: number;
  frameworks: string[];
}

/**
 * Copies the shipped master data into one service's schema. Idempotent: Pemda rows are upserted
 * (an edited wilayah mapping takes effect on the next seed); a framework revision, once stored,
 * is never overwritten because published revisions are immutable.
 */
export async function seedReferenceData(dataSource: DataSource, schema: string): Promise<SeedSummary> {
  const wilayahOf = loadWilayahMapping();
  const pemdaList = loadPemdaList();
  const rows = pemdaList.map((pemda) => {
    const wilayah = wilayahOf.get(pemda.provinceCode);
    if (!wilayah) throw new Error(`Province ${pemda.provinceCode} has no wilayah in wilayah.json`);
    return [pemda.code, pemda.name, pemda.kind, pemda.provinceCode, wilayah];
  });
  const frameworks: string[] = [];
  await dataSource.transaction(async (manager) => {
    let changed = 0;
    for (const row of rows) {
      const written: unknown[] = await manager.query(
        `INSERT INTO "${schema}"."pemda" AS current (code, name, kind, province_code, wilayah)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
           province_code = EXCLUDED.province_code, wilayah = EXCLUDED.wilayah
          WHERE (current.name, current.kind, current.province_code, current.wilayah)
            IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.province_code, EXCLUDED.wilayah)
         RETURNING code`,
        row,
      );
      changed += written.length;
    }
    for (const year of availableFrameworkYears()) {
      const framework = loadFramework(year);
      const stored: unknown[] = await manager.query(
        `INSERT INTO "${schema}"."framework" (year, revision, document) VALUES ($1, $2, $3)
         ON CONFLICT (year, revision) DO NOTHING RETURNING year`,
        [framework.year, framework.revision, JSON.stringify(framework)],
      );
      changed += stored.length;
      frameworks.push(`${framework.year} r${framework.revision}`);
    }
    // A running replica of the service (npm run up keeps one; a rolling update keeps the old pods)
    // must drop its cached copy, or it would go on scoring and routing by the old wilayah, or
    // without a framework year the seed has just added.
    if (changed > 0) await announceReferenceDataChange(manager, schema);
  });
  return { pemda: rows.length, frameworks };
}

/** The `afterMigrate` step of every service that keeps a copy of the reference data. */
export async function seedReferenceDataAfterMigrate(dataSource: DataSource): Promise<string> {
  const seeded = await seedReferenceData(dataSource, schemaOf(dataSource));
  return `${seeded.pemda} Pemda and frameworks ${seeded.frameworks.join(', ')} seeded`;
}
