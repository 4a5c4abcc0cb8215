import { prepared } from '@mcp/postgres-client';
import type { DeadlineExtendedV1, EvidenceVerifiedV1 } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Owns the SQL of `decision_in_force` and `reminder_sent`. */
@Injectable()
export class ReminderRepository {
  /**
   * The decisions in force, a batch's in one upsert (docs/decisions.md #95): per item the one with
   * the highest sequence, the first of equal ones, since a stale or duplicate decision (lower or
   * equal sequence) changes nothing; an upsert may not touch a row twice.
   */
  async recordDecisions(tx: EntityManager, decisions: readonly EvidenceVerifiedV1[]): Promise<void> {
    const inForce = new Map<string, EvidenceVerifiedV1>();
    for (const decision of decisions) {
      const key = `${decision.pemdaCode}/${decision.year}/${decision.subIndicatorCode}`;
      const known = inForce.get(key);
      if (!known || known.sequence < decision.sequence) inForce.set(key, decision);
    }
    if (inForce.size === 0) return;
    const rows = [...inForce.values()];
    await tx.query(
      prepared(`INSERT INTO ${sqlTable(tx, 'decision_in_force')} AS d (pemda_code, year, sub_indicator_code, sequence, outcome, verified_value)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::numeric[])
       ON CONFLICT (pemda_code, year, sub_indicator_code) DO UPDATE
         SET sequence = EXCLUDED.sequence, outcome = EXCLUDED.outcome, verified_value = EXCLUDED.verified_value
       WHERE d.sequence < EXCLUDED.sequence`),
      [
        rows.map((row) => row.pemdaCode),
        rows.map((row) => row.year),
        rows.map((row) => row.subIndicatorCode),
        rows.map((row) => row.sequence),
        rows.map((row) => row.outcome),
        rows.map((row) => row.verifiedValue),
      ],
    );
  }

  /** Verified values in force of one year, per Pemda (only approvals count). */
  async verifiedValues(tx: EntityManager, year: number): Promise<Map<string, Map<string, number>>> {
    const rows: { pemdaCode: string; code: string; value: string }[] = await tx.query(
      `SELECT pemda_code AS "pemdaCode", sub_indicator_code AS code, verified_value AS value
       FROM ${sqlTable(tx, 'decision_in_force')} WHERE year = $1 AND outcome = 'approved'`,
      [year],
    );
    const byPemda = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const values = byPemda.get(row.pemdaCode) ?? new Map<string, number>();
      values.set(row.code, Number(row.value));
      byPemda.set(row.pemdaCode, values);
    }
    return byPemda;
  }

  /** An extension in force replaces the general deadline; an older grant arriving late changes nothing. */
  async recordExtension(tx: EntityManager, extension: DeadlineExtendedV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'deadline_extension')} AS e (pemda_code, year, until, granted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (pemda_code, year) DO UPDATE SET until = $3, granted_at = $4 WHERE e.granted_at < $4`,
      [extension.pemdaCode, extension.year, extension.until, extension.grantedAt],
    );
  }

  async extensions(tx: EntityManager, year: number): Promise<Map<string, Date>> {
    const rows: { pemdaCode: string; until: Date }[] = await tx.query(
      `SELECT pemda_code AS "pemdaCode", until FROM ${sqlTable(tx, 'deadline_extension')} WHERE year = $1`,
      [year],
    );
    return new Map(rows.map((row) => [row.pemdaCode, new Date(row.until)]));
  }

  /** What was already claimed for a year, as `pemda|deadline ms|days before`. */
  async claimed(tx: EntityManager, year: number): Promise<Set<string>> {
    const rows: { pemdaCode: string; deadline: Date; daysBefore: number }[] = await tx.query(
      `SELECT pemda_code AS "pemdaCode", deadline, days_before AS "daysBefore" FROM ${sqlTable(tx, 'reminder_sent')} WHERE year = $1`,
      [year],
    );
    return new Set(rows.map((row) => claimKey(row.pemdaCode, new Date(row.deadline), row.daysBefore)));
  }

  /**
   * Records earlier offsets as superseded: when the service comes back after a reminder's window,
   * the nearer reminder replaces it instead of both arriving at once.
   */
  async supersede(tx: EntityManager, reminder: { year: number; pemdaCode: string; deadline: Date; now: Date }, daysBefore: number[]): Promise<void> {
    for (const days of daysBefore) {
      await tx.query(
        `INSERT INTO ${sqlTable(tx, 'reminder_sent')} (year, pemda_code, days_before, deadline, open_items, sent_at, superseded)
         VALUES ($1, $2, $3, $4, 0, $5, true) ON CONFLICT DO NOTHING`,
        [reminder.year, reminder.pemdaCode, days, reminder.deadline, reminder.now],
      );
    }
  }

  /** Claims one reminder; false when it was already sent (by this or another replica). */
  async claim(tx: EntityManager, reminder: { year: number; pemdaCode: string; daysBefore: number; deadline: Date; openItems: number; now: Date }): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO ${sqlTable(tx, 'reminder_sent')} (year, pemda_code, days_before, deadline, open_items, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [reminder.year, reminder.pemdaCode, reminder.daysBefore, reminder.deadline, reminder.openItems, reminder.now],
    );
    return rows.length === 1;
  }
}

export function claimKey(pemdaCode: string, deadline: Date, daysBefore: number): string {
  return `${pemdaCode}|${deadline.getTime()}|${daysBefore}`;
}
