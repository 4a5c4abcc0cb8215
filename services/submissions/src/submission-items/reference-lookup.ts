import { findSubIndicator, type LocatedSubIndicator } from '@mcp/mcp-domain';
import { ReferenceData, type FrameworkRecord, type PemdaRecord } from '@mcp/reference-data';
import { DomainError, type DomainErrorKind } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';

/** Reference data with the refusals every route words the same way. */
@Injectable()
export class ReferenceLookup {
  constructor(private readonly referenceData: ReferenceData) {}

  /** 422 when the code arrived in a body, 404 when it names the resource in the path. */
  async pemda(code: string, kind: Extract<DomainErrorKind, 'unprocessable' | 'not-found'> = 'unprocessable'): Promise<PemdaRecord> {
    const pemda = await this.referenceData.findPemda(code);
    if (!pemda) throw new DomainError(kind, 'UNKNOWN_PEMDA', `Pemda ${code} tidak dikenal (unknown Pemda)`);
    return pemda;
  }

  async framework(year: number): Promise<FrameworkRecord> {
    const framework = await this.referenceData.frameworkFor(year);
    if (!framework) {
      throw new DomainError('unprocessable', 'UNKNOWN_FRAMEWORK_YEAR', `Tidak ada kerangka MCP untuk tahun ${year} (no framework for that year)`);
    }
    return framework;
  }

  subIndicator(framework: FrameworkRecord, code: string): LocatedSubIndicator {
    const located = findSubIndicator(framework.index, code);
    if (!located) {
      throw new DomainError(
        'unprocessable',
        'UNKNOWN_SUB_INDICATOR',
        `Sub-indikator ${code} tidak ada dalam kerangka MCP ${framework.framework.year} (unknown sub-indicator)`,
      );
    }
    return located;
  }
}
