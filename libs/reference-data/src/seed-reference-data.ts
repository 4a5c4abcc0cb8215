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
 * (an edited wilayah mapping takes effect on the next seed); a shipped framework starts a year
 * that has none, and a year with a revision is left as it is: published revisions are immutable,
 * and later ones are published through scoring.
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
      // A shipped file starts a year; it never replaces a revision the year already has. A newer
      // one shipped later would take effect here without publishing (no re-scoring, no closed-year
      // check, no audit entry), scoring some Pemda under each revision: it goes through
      // POST /v1/frameworks on scoring instead (docs/decisions.md #147).
      const stored: unknown[] = await manager.query(
        `INSERT INTO "${schema}"."framework" (year, revision, document)
         SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM "${schema}"."framework" WHERE year = $1)
         RETURNING year`,
        [framework.year, framework.revision, JSON.stringify(framework)],
      );
      changed += stored.length;
      const [{ newest }]: { newest: number }[] = await manager.query(`SELECT max(revision)::int AS newest FROM "${schema}"."framework" WHERE year = $1`, [year]);
      frameworks.push(
        newest < framework.revision
          ? `${framework.year} r${newest} (berkas r${framework.revision} tidak dimuat: terbitkan lewat scoring; shipped r${framework.revision} not seeded, publish it)`
          : `${framework.year} r${newest}`,
      );
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
