import type { FrameworkRecord, PemdaRecord, ReferenceData } from '@mcp/reference-data';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@mcp/service-runtime';

/** The Pemda a request names, or a 404 the caller can act on. */
export async function requireKnownPemda(referenceData: ReferenceData, pemdaCode: string): Promise<PemdaRecord> {
  const pemda = await referenceData.findPemda(pemdaCode);
  if (!pemda) {
    throw new DomainError('not-found', 'UNKNOWN_PEMDA', `Pemda ${pemdaCode} tidak dikenal (unknown Pemda)`);
  }
  return pemda;
}

/** The year's framework, or a 404: without one there is nothing to score against. */
export async function requireFrameworkYear(referenceData: ReferenceData, year: number): Promise<FrameworkRecord> {
  const framework = await referenceData.frameworkFor(year);
  if (!framework) {
    throw new DomainError(
      'not-found',
      'UNKNOWN_FRAMEWORK_YEAR',
      `Kerangka MCP tahun ${year} tidak tersedia (no MCP framework for year ${year})`,
    );
  }
  return framework;
}

/**
 * The year's framework as the database has it now, inside the caller's transaction. The cache may
 * lag behind a revision that another replica published a moment ago (its event not consumed here
 * yet); scoring with the old revision would then mix revisions within a year, so a stale cache is
 * dropped. Costs one indexed query per decision.
 */
export async function currentFramework(
  referenceData: ReferenceData,
  manager: EntityManager,
  year: number,
): Promise<FrameworkRecord | undefined> {
  const [{ latest }]: { latest: number | null }[] = await manager.query(
    `SELECT max(revision) AS latest FROM "${referenceData.schema}"."framework" WHERE year = $1`,
    [year],
  );
  const cached = await referenceData.frameworkFor(year);
  if (cached?.framework.revision === (latest ?? undefined)) return cached;
  referenceData.invalidate();
  return referenceData.frameworkFor(year);
}
