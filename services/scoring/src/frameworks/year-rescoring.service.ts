import { unscorableValues, verifiedValuesOf, type Framework } from '@mcp/mcp-domain';
import { ReferenceData, type PemdaRecord } from '@mcp/reference-data';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RescorePemda } from '../pemda-scores/rescore-pemda.usecase';
import { SubIndicatorValueRepository } from '../sub-indicator-values/sub-indicator-value.repository';

const LISTED_MISFITS = 20;

/**
 * Moves a year's scores to a newly published framework revision, in the publishing transaction
 * (which holds the year lock alone, so no decision interleaves): every Pemda with decisions is
 * re-scored against the revision.
 */
@Injectable()
export class YearRescoring {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly values: SubIndicatorValueRepository,
    private readonly rescorePemda: RescorePemda,
  ) {}

  /**
   * Refuses (409) a revision that cannot score a decision already in force (a removed
   * sub-indicator, a rubric without that value): publishing it would drop verified values silently.
   */
  async assertFits(tx: EntityManager, framework: Framework): Promise<void> {
    const misfits: string[] = [];
    for (const pemdaCode of await this.values.decidedPemda(tx, framework.year)) {
      const inForce = (await this.values.inForce(tx, pemdaCode, framework.year)).values();
      for (const misfit of unscorableValues(framework, verifiedValuesOf(inForce))) {
        misfits.push(`Pemda ${pemdaCode}: ${misfit.message}`);
      }
    }
    if (misfits.length === 0) return;
    const listed = misfits.slice(0, LISTED_MISFITS).join('; ');
    const more = misfits.length > LISTED_MISFITS ? `; dan ${misfits.length - LISTED_MISFITS} lagi` : '';
    throw new DomainError(
      'conflict',
      'FRAMEWORK_DOES_NOT_FIT_DECISIONS',
      `Revisi ini tidak dapat menilai ${misfits.length} keputusan yang sudah berlaku: ${listed}${more} ` +
        `(the revision cannot score decisions already in force)`,
    );
  }

  /** `at`: the database clock read under the year lock. */
  async rescore(tx: EntityManager, framework: Framework, at: Date): Promise<void> {
    // The wilayah as the table holds it under the year lock, not as this replica cached it: a
    // re-seeded mapping may not have reached the cache yet (docs/decisions.md #138).
    const stored: { code: string; wilayah: PemdaRecord['wilayah'] }[] = await tx.query(
      `SELECT code, wilayah FROM ${sqlTable(tx, 'pemda')}`,
    );
    const wilayahOf = new Map(stored.map((row) => [row.code, row.wilayah]));
    const pemdaList: PemdaRecord[] = [];
    for (const pemdaCode of await this.values.decidedPemda(tx, framework.year)) {
      const pemda = await this.referenceData.findPemda(pemdaCode, tx);
      if (pemda) pemdaList.push({ ...pemda, wilayah: wilayahOf.get(pemdaCode) ?? pemda.wilayah });
    }
    await this.rescorePemda.execute(tx, { framework, pemdaList, cause: { kind: 'framework-revision' }, at });
  }
}
