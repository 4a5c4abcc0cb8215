import type { FrameworkRecord, PemdaRecord, ReferenceData } from '@mcp/reference-data';
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
