import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SubmissionHistory, type HistoryKind } from './submission-history.entity';
import type { SubmissionItemKey } from './submission.repository';

export interface HistoryEntry {
  kind: HistoryKind;
  actor: string;
  /** An admin acting for the Pemda (`actsOnBehalfOfPemda`). */
  onBehalfOfPemda?: boolean;
  occurredAt: Date;
  evidenceId?: string;
  version?: number;
  claimedValue?: number | null;
  outcome?: string;
  verifiedValue?: number | null;
  reason?: string | null;
}

/** The `submission_history` table: what happened to an item, only ever added to. */
@Injectable()
export class SubmissionHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, item: SubmissionItemKey, entry: HistoryEntry): Promise<void> {
    await this.recordAll(manager, item, [entry]);
  }

  /** Several entries in one multi-row insert; their ids, and so their order, follow the array's. */
  async recordAll(manager: EntityManager, item: SubmissionItemKey, entries: HistoryEntry[]): Promise<void> {
    await this.recordForItems(manager, entries.map((entry) => ({ item, entry })));
  }

  /** Entries of several items in one multi-row insert, in the array's order. */
  async recordForItems(manager: EntityManager, rows: readonly { item: SubmissionItemKey; entry: HistoryEntry }[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.insert(
      SubmissionHistory,
      rows.map(({ item, entry }) => ({
        pemdaCode: item.pemdaCode,
        year: item.year,
        subIndicatorCode: item.subIndicatorCode,
        kind: entry.kind,
        actor: entry.actor,
        onBehalfOfPemda: entry.onBehalfOfPemda ?? false,
        occurredAt: entry.occurredAt,
        evidenceId: entry.evidenceId ?? null,
        version: entry.version ?? null,
        claimedValue: entry.claimedValue ?? null,
        outcome: entry.outcome ?? null,
        verifiedValue: entry.verifiedValue ?? null,
        reason: entry.reason ?? null,
      })),
    );
  }

  /** Oldest first. */
  forItem(item: SubmissionItemKey): Promise<SubmissionHistory[]> {
    return this.dataSource.getRepository(SubmissionHistory).find({
      where: { pemdaCode: item.pemdaCode, year: item.year, subIndicatorCode: item.subIndicatorCode },
      order: { id: 'ASC' },
    });
  }
}
