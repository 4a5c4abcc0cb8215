import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVIDENCE_UPLOAD, VERIFICATION_DECISION } from '../evidence-trail/evidence-trail.repository';
import { REPORTING_TIME_ZONE } from '../reports/month-end';
import type { TurnaroundQuery } from './turnaround.query';
import type { TurnaroundRowView } from './turnaround.view';

/**
 * How long verification takes, per wilayah and month (WIB) of the decision: median and p90 of the
 * time from upload to decision, computed by Postgres (`percentile_cont`, interpolating).
 *
 * A decision is timed from the newest upload it judged (its evidence ids), and counts only if it is
 * the first decision on its Pemda × sub-indicator since that upload: a correction or a QA overturn
 * re-judges the same evidence later and would otherwise count the wait twice. A decision whose
 * evidence reporting never saw uploaded is left out. The wilayah is the Pemda's, from the
 * reference data (the one verification queues by).
 */
@Injectable()
export class VerificationTurnaround {
  constructor(private readonly dataSource: DataSource) {}

  async byWilayahAndMonth({ year, wilayah }: TurnaroundQuery): Promise<TurnaroundRowView[]> {
    const db = this.dataSource.manager;
    const decision = sqlTable(db, VERIFICATION_DECISION);
    const rows: { wilayah: string; month: string; decided: number; median: number; p90: number }[] = await db.query(
      `WITH timed AS (
         SELECT d.decision_id, d.pemda_code, d.sub_indicator_code, d.decided_at,
                (SELECT max(u.submitted_at) FROM ${sqlTable(db, EVIDENCE_UPLOAD)} u WHERE u.evidence_id = ANY(d.evidence_ids)) AS uploaded_at
           FROM ${decision} d
          WHERE d.year = $1
       ), first_decisions AS (
         SELECT t.* FROM timed t
          WHERE t.uploaded_at IS NOT NULL
            AND NOT EXISTS (
              SELECT 1 FROM ${decision} earlier
               WHERE earlier.year = $1 AND earlier.pemda_code = t.pemda_code
                 AND earlier.sub_indicator_code = t.sub_indicator_code
                 AND earlier.decided_at >= t.uploaded_at
                 AND (earlier.decided_at, earlier.decision_id) < (t.decided_at, t.decision_id))
       )
       SELECT p.wilayah, to_char(f.decided_at AT TIME ZONE $2, 'YYYY-MM') AS month, count(*)::int AS decided,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.decided_at - f.uploaded_at)::float8) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM f.decided_at - f.uploaded_at)::float8) AS p90
         FROM first_decisions f
         JOIN ${sqlTable(db, 'pemda')} p ON p.code = f.pemda_code
        WHERE $3::text IS NULL OR p.wilayah = $3
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [year, REPORTING_TIME_ZONE, wilayah ?? null],
    );
    return rows.map((row) => ({
      wilayah: row.wilayah,
      month: row.month,
      decided: row.decided,
      medianSeconds: toMilliseconds(row.median),
      p90Seconds: toMilliseconds(row.p90),
    }));
  }
}

function toMilliseconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
