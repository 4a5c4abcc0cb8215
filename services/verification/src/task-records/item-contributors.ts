import { DomainError, sqlTable } from '@mcp/service-runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { Task } from './task.entity';

type ItemKey = Pick<Task, 'pemdaCode' | 'year' | 'subIndicatorCode'>;

/**
 * Separation of duties (docs/decisions.md #46): whoever uploaded, withdrew or set the claim of a
 * Pemda's item (a Pemda user, or an admin acting for the Pemda who also holds a KPK role) must not
 * be the one who verifies it. The people are learnt from the upload and withdrawal events.
 */
export async function recordItemContributors(manager: EntityManager, item: ItemKey, subjects: (string | null | undefined)[], at: Date): Promise<void> {
  for (const subject of new Set(subjects.filter((value): value is string => Boolean(value)))) {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'item_contributor')} (pemda_code, year, sub_indicator_code, subject, first_seen_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [item.pemdaCode, item.year, item.subIndicatorCode, subject, at],
    );
  }
}

export async function isItemContributor(manager: EntityManager, item: ItemKey, subject: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM ${sqlTable(manager, 'item_contributor')} WHERE pemda_code = $1 AND year = $2 AND sub_indicator_code = $3 AND subject = $4`,
    [item.pemdaCode, item.year, item.subIndicatorCode, subject],
  );
  return rows.length > 0;
}

/** Throws 403 OWN_SUBMISSION when the subject uploaded, withdrew or set the claim of the item. */
export async function assertNotItemContributor(manager: EntityManager, item: ItemKey, subject: string): Promise<void> {
  assertNotContributed(item, await isItemContributor(manager, item, subject));
}

/** Throws 403 OWN_SUBMISSION when the caller already found that the subject contributed to the item. */
export function assertNotContributed(item: ItemKey, contributed: boolean): void {
  if (contributed) {
    throw new DomainError(
      'forbidden',
      'OWN_SUBMISSION',
      `Anda mengunggah, menarik, atau mengubah nilai klaim Pemda ${item.pemdaCode} untuk ${item.subIndicatorCode} (${item.year}); verifikasi harus dilakukan orang lain (you cannot verify an item you uploaded to, withdrew from or changed the claim of)`,
    );
  }
}

/** The SQL condition claim-next adds for `alias` (a task row) and the claimer in parameter `$subjectParam`. */
export function notContributedBy(source: DataSource | EntityManager, alias: string, subjectParam: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${sqlTable(source, 'item_contributor')} contributor
     WHERE contributor.pemda_code = ${alias}.pemda_code AND contributor.year = ${alias}.year
       AND contributor.sub_indicator_code = ${alias}.sub_indicator_code AND contributor.subject = ${subjectParam})`;
}
