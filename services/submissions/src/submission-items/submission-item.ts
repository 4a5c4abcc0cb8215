import type { EntityManager } from 'typeorm';
import { Submission } from './submission.entity';
import { SubmissionHistory, type HistoryKind } from './submission-history.entity';

export interface SubmissionItemKey {
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
}

/**
 * The item's row, created on first use and locked for the rest of the transaction: everything
 * that changes an item (upload, claim, decision, withdrawal) goes through here, so version
 * numbers and duplicate checks of one item never race.
 */
export async function lockSubmission(manager: EntityManager, item: SubmissionItemKey, now: Date): Promise<Submission> {
  await manager.query(
    `INSERT INTO "submissions"."submission" (pemda_code, year, sub_indicator_code, decision_sequence, version_count, updated_at)
     VALUES ($1, $2, $3, 0, 0, $4) ON CONFLICT DO NOTHING`,
    [item.pemdaCode, item.year, item.subIndicatorCode, now],
  );
  return manager.findOneOrFail(Submission, {
    where: { pemdaCode: item.pemdaCode, year: item.year, subIndicatorCode: item.subIndicatorCode },
    lock: { mode: 'pessimistic_write' },
  });
}

export interface HistoryEntry {
  kind: HistoryKind;
  actor: string;
  occurredAt: Date;
  evidenceId?: string;
  version?: number;
  claimedValue?: number | null;
  outcome?: string;
  verifiedValue?: number | null;
  reason?: string | null;
}

export async function recordHistory(manager: EntityManager, item: SubmissionItemKey, entry: HistoryEntry): Promise<void> {
  await manager.insert(SubmissionHistory, {
    pemdaCode: item.pemdaCode,
    year: item.year,
    subIndicatorCode: item.subIndicatorCode,
    kind: entry.kind,
    actor: entry.actor,
    occurredAt: entry.occurredAt,
    evidenceId: entry.evidenceId ?? null,
    version: entry.version ?? null,
    claimedValue: entry.claimedValue ?? null,
    outcome: entry.outcome ?? null,
    verifiedValue: entry.verifiedValue ?? null,
    reason: entry.reason ?? null,
  });
}
