import { prepared } from '@mcp/postgres-client';
import type { VerificationOutcome } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Submission } from './submission.entity';

/** One item: a Pemda × year × sub-indicator. */
export interface SubmissionItemKey {
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
}

export interface DecisionInForce {
  outcome: VerificationOutcome;
  reason: string | null;
  verifiedValue: number | null;
  sequence: number;
  decidedAt: Date;
}

// $1 = Pemda, $2 = the responsible person; `s` is the submission row.
const openItemsOf = (manager: EntityManager) => `s.pemda_code = $1 AND s.responsible_subject = $2
  AND (s.decision_outcome IS NULL OR s.decision_outcome NOT IN ('approved', 'rejected')
       OR EXISTS (SELECT 1 FROM ${sqlTable(manager, 'evidence')} e WHERE e.pemda_code = s.pemda_code AND e.year = s.year
                  AND e.sub_indicator_code = s.sub_indicator_code AND e.status = 'submitted'))`;

/** An item as one string, for maps keyed by item. */
export function itemKeyText(item: SubmissionItemKey): string {
  return `${item.pemdaCode}|${item.year}|${item.subIndicatorCode}`;
}

/** The order `lockAll` creates rows in: any order every batch shares will do (its SELECT … FOR UPDATE sorts in the database). */
function compareItems(a: SubmissionItemKey, b: SubmissionItemKey): number {
  return a.pemdaCode < b.pemdaCode ? -1 : a.pemdaCode > b.pemdaCode ? 1 : a.year - b.year || (a.subIndicatorCode < b.subIndicatorCode ? -1 : a.subIndicatorCode > b.subIndicatorCode ? 1 : 0);
}

function keyOf(item: SubmissionItemKey): SubmissionItemKey {
  return { pemdaCode: item.pemdaCode, year: item.year, subIndicatorCode: item.subIndicatorCode };
}

/** The `submission` table: per item, the claim, the decision in force and how many versions it has. */
@Injectable()
export class SubmissionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The item's row, created on first use and locked for the rest of the transaction: everything
   * that changes an item (upload, claim, decision, withdrawal) goes through here, so version
   * numbers and duplicate checks of one item never race.
   */
  async lock(manager: EntityManager, item: SubmissionItemKey, now: Date): Promise<Submission> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'submission')} (pemda_code, year, sub_indicator_code, decision_sequence, version_count, updated_at)
       VALUES ($1, $2, $3, 0, 0, $4) ON CONFLICT DO NOTHING`,
      [item.pemdaCode, item.year, item.subIndicatorCode, now],
    );
    return manager.findOneOrFail(Submission, { where: keyOf(item), lock: { mode: 'pessimistic_write' } });
  }

  /**
   * `lock` for many items at once (a batch of decisions, docs/decisions.md #101): rows created where
   * missing, then all locked by one statement in key order, so two batches never deadlock. Answers
   * each item's decision sequence in force, by `itemKeyText`.
   */
  async lockAll(manager: EntityManager, items: readonly (SubmissionItemKey & { now: Date })[]): Promise<Map<string, number>> {
    const ordered = [...items].sort(compareItems);
    const columns = [ordered.map((i) => i.pemdaCode), ordered.map((i) => i.year), ordered.map((i) => i.subIndicatorCode)];
    await manager.query(
      prepared(`INSERT INTO ${sqlTable(manager, 'submission')} (pemda_code, year, sub_indicator_code, decision_sequence, version_count, updated_at)
       SELECT p, y, s, 0, 0, at FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[]) AS u(p, y, s, at)
       ON CONFLICT DO NOTHING`),
      [...columns, ordered.map((i) => i.now)],
    );
    const rows: { pemda_code: string; year: number; sub_indicator_code: string; decision_sequence: number }[] = await manager.query(
      `SELECT pemda_code, year, sub_indicator_code, decision_sequence FROM ${sqlTable(manager, 'submission')}
        WHERE (pemda_code, year, sub_indicator_code) IN (SELECT * FROM unnest($1::text[], $2::int[], $3::text[]))
        ORDER BY pemda_code, year, sub_indicator_code FOR UPDATE`,
      columns,
    );
    return new Map(rows.map((row) => [itemKeyText({ pemdaCode: row.pemda_code, year: row.year, subIndicatorCode: row.sub_indicator_code }), row.decision_sequence]));
  }

  async changeClaim(manager: EntityManager, item: SubmissionItemKey, claimedValue: number | null, actor: string, at: Date): Promise<void> {
    await manager.update(Submission, keyOf(item), { claimedValue, claimChangedBy: actor, claimChangedAt: at, updatedAt: at });
  }

  /** Keeps the highest refused sequence: refusals may arrive before or after their decision. */
  async markNotCounted(manager: EntityManager, item: SubmissionItemKey, refusal: { sequence: number; reason: string; at: Date }): Promise<boolean> {
    // For an UPDATE the driver answers [rows, affected count].
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE ${sqlTable(manager, 'submission')}
          SET not_counted_sequence = $4, not_counted_reason = $5, not_counted_at = $6
        WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = $3
          AND (not_counted_sequence IS NULL OR not_counted_sequence < $4)
        RETURNING pemda_code`,
      [item.pemdaCode, item.year, item.subIndicatorCode, refusal.sequence, refusal.reason, refusal.at],
    );
    return updated.length > 0;
  }

  /** The Pemda's own user who worked on the item last becomes the person responsible for it. */
  async takeResponsibility(manager: EntityManager, item: SubmissionItemKey, subject: string): Promise<void> {
    await manager.update(Submission, keyOf(item), { responsibleSubject: subject });
  }

  /**
   * Moves the unfinished items one person of the Pemda is responsible for to another, and names
   * them. Unfinished: no decision in force, a revision requested, or a version still awaiting a
   * decision (an approved or rejected item with nothing pending is done).
   */
  async handOverOpenItems(manager: EntityManager, pemdaCode: string, from: string, to: string): Promise<SubmissionItemKey[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [{ year: number; sub_indicator_code: string }[], number] = await manager.query(
      `UPDATE ${sqlTable(manager, 'submission')} s SET responsible_subject = $3
        WHERE ${openItemsOf(manager)}
        RETURNING s.year, s.sub_indicator_code`,
      [pemdaCode, from, to],
    );
    return rows
      .map((row) => ({ pemdaCode, year: row.year, subIndicatorCode: row.sub_indicator_code }))
      .sort((a, b) => a.year - b.year || a.subIndicatorCode.localeCompare(b.subIndicatorCode));
  }

  async countOpenItems(manager: EntityManager, pemdaCode: string, subject: string): Promise<number> {
    const [{ count }]: { count: string }[] = await manager.query(
      `SELECT count(*) AS count FROM ${sqlTable(manager, 'submission')} s WHERE ${openItemsOf(manager)}`,
      [pemdaCode, subject],
    );
    return Number(count);
  }

  find(item: SubmissionItemKey): Promise<Submission | null> {
    return this.dataSource.getRepository(Submission).findOneBy(keyOf(item));
  }

  forPemdaYear(pemdaCode: string, year: number): Promise<Submission[]> {
    return this.dataSource.getRepository(Submission).findBy({ pemdaCode, year });
  }
}
