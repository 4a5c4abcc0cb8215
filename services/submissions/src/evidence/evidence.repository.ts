import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubmissionItemKey } from '../submission-records/submission.repository';
import { Evidence } from './evidence.entity';

function keyOf(item: SubmissionItemKey): SubmissionItemKey {
  return { pemdaCode: item.pemdaCode, year: item.year, subIndicatorCode: item.subIndicatorCode };
}

/** The `evidence` table: every uploaded version of every item. */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Lookup-or-refuse: 404 UNKNOWN_EVIDENCE when no version has this id. */
  /** `manager`: inside a transaction, read on its connection (#212). */
  async requireById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Evidence> {
    const evidence = await manager.getRepository(Evidence).findOneBy({ id });
    if (!evidence) {
      throw new DomainError('not-found', 'UNKNOWN_EVIDENCE', `Dokumen ${id} tidak ditemukan (evidence not found)`);
    }
    return evidence;
  }

  /** Within a transaction that has locked the item, so the row is there and current. */
  getById(manager: EntityManager, id: string): Promise<Evidence> {
    return manager.findOneByOrFail(Evidence, { id });
  }

  /** Oldest version first. */
  versionsOf(item: SubmissionItemKey, manager: EntityManager = this.dataSource.manager): Promise<Evidence[]> {
    return manager.find(Evidence, { where: keyOf(item), order: { version: 'ASC' } });
  }

  forPemdaYear(pemdaCode: string, year: number): Promise<Evidence[]> {
    return this.dataSource.getRepository(Evidence).find({ where: { pemdaCode, year }, order: { version: 'ASC' } });
  }

  async markWithdrawn(manager: EntityManager, id: string, reason: string | null, at: Date): Promise<void> {
    await manager.update(Evidence, id, { status: 'withdrawn', statusReason: reason, updatedAt: at });
  }

  /** Which of these storage keys a row points to; the others are orphans to the sweeper. */
  async recordedStorageKeys(keys: string[]): Promise<Set<string>> {
    const rows: { storage_key: string }[] = await this.dataSource.query(
      // A clarification attachment's object is committed by its own row (#67): the sweeper must see it too.
      `SELECT storage_key FROM ${sqlTable(this.dataSource, 'evidence')} WHERE storage_key = ANY($1)
       UNION ALL SELECT storage_key FROM ${sqlTable(this.dataSource, 'clarification_attachment')} WHERE storage_key = ANY($1)`,
      [keys],
    );
    return new Set(rows.map((row) => row.storage_key));
  }
}
