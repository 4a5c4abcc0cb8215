import { availableFrameworkYears, loadFramework, loadPemdaList, loadWilayahMapping } from '@mcp/master-data';
import { schemaOf } from '@mcp/service-runtime';
import type { DataSource } from 'typeorm';

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
    for (const row of rows) {
      await manager.query(
        `INSERT INTO "${schema}"."pemda" (code, name, kind, province_code, wilayah)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
           province_code = EXCLUDED.province_code, wilayah = EXCLUDED.wilayah`,
        row,
      );
    }
    for (const year of availableFrameworkYears()) {
      const framework = loadFramework(year);
      await manager.query(
        `INSERT INTO "${schema}"."framework" (year, revision, document) VALUES ($1, $2, $3)
         ON CONFLICT (year, revision) DO NOTHING`,
        [framework.year, framework.revision, JSON.stringify(framework)],
      );
      frameworks.push(`${framework.year} r${framework.revision}`);
    }
  });
  return { pemda: rows.length, frameworks };
}

/** The `afterMigrate` step of every service that keeps a copy of the reference data. */
export async function seedReferenceDataAfterMigrate(dataSource: DataSource): Promise<string> {
  const seeded = await seedReferenceData(dataSource, schemaOf(dataSource));
  return `${seeded.pemda} Pemda and frameworks ${seeded.frameworks.join(', ')} seeded`;
}
