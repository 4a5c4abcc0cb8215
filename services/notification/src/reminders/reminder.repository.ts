import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Owns the SQL of `decision_in_force` and `reminder_sent`. */
@Injectable()
export class ReminderRepository {
  /** A stale or duplicate decision (lower or equal sequence) changes nothing. */
  async recordDecision(tx: EntityManager, decision: EvidenceVerifiedV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'decision_in_force')} AS d (pemda_code, year, sub_indicator_code, sequence, outcome, verified_value)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pemda_code, year, sub_indicator_code) DO UPDATE SET sequence = $4, outcome = $5, verified_value = $6
       WHERE d.sequence < $4`,
      [decision.pemdaCode, decision.year, decision.subIndicatorCode, decision.sequence, decision.outcome, decision.verifiedValue],
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

  /** The Pemda already reminded for (year, days before). */
  async remindedPemda(tx: EntityManager, year: number, daysBefore: number): Promise<Set<string>> {
    const rows: { pemdaCode: string }[] = await tx.query(
      `SELECT pemda_code AS "pemdaCode" FROM ${sqlTable(tx, 'reminder_sent')} WHERE year = $1 AND days_before = $2`,
      [year, daysBefore],
    );
    return new Set(rows.map((row) => row.pemdaCode));
  }

  /**
   * Records the earlier offsets of every Pemda not reminded yet as superseded: when the service
   * comes back after a reminder's window, the nearer reminder replaces it instead of both arriving.
   */
  async supersede(tx: EntityManager, year: number, daysBefore: number[], deadline: Date, now: Date): Promise<void> {
    if (daysBefore.length === 0) return;
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'reminder_sent')} (year, pemda_code, days_before, deadline, open_items, sent_at, superseded)
       SELECT $1, p.code, d, $3, 0, $4, true FROM ${sqlTable(tx, 'pemda')} p, unnest($2::int[]) AS d
       ON CONFLICT DO NOTHING`,
      [year, daysBefore, deadline, now],
    );
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
