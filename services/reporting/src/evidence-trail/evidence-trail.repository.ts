import { prepared } from '@mcp/postgres-client';
import type { DecisionOutcome } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DecisionRefusalRow, EvidenceUploadRow, EvidenceWithdrawalRow, VerificationDecisionRow } from './evidence-trail-rows';

export const EVIDENCE_UPLOAD = 'evidence_upload';
export const EVIDENCE_WITHDRAWAL = 'evidence_withdrawal';
export const VERIFICATION_DECISION = 'verification_decision';
export const DECISION_REFUSAL = 'decision_refusal';

/**
 * What is known of one Pemda × sub-indicator at an instant: the uploads not withdrawn by then, the
 * claim (`nilai`) of the newest of them, and the decision in force by then (highest sequence, then
 * decision id, as scoring chooses it, among the decisions scoring did not refuse: a refused one
 * never counted in any score).
 */
export interface ItemStatus {
  pemdaCode: string;
  subIndicatorCode: string;
  evidenceCount: number;
  claimedValue: string | null;
  outcome: DecisionOutcome | null;
  verifiedValue: string | null;
  decidedAt: Date | null;
  /**
   * Scoring's reason when the item's newest decision known by then was refused (a closed year):
   * the verifier decided, but what counts is the decision in force above, or none.
   */
  notCountedReason: string | null;
}

/**
 * The one writer and reader of the evidence trail. Every row is keyed by what its event names
 * (evidence id, decision id) and never updated: a redelivery or a replay adds nothing, and the
 * tables do not depend on the order the three topics arrive in.
 */
@Injectable()
export class EvidenceTrailRepository {
  async addUploads(db: EntityManager, rows: readonly EvidenceUploadRow[], table = EVIDENCE_UPLOAD): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, table)} (evidence_id, pemda_code, year, sub_indicator_code, claimed_value, submitted_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::numeric[], $6::timestamptz[])
       ON CONFLICT (evidence_id) DO NOTHING`),
      [
        rows.map((row) => row.evidenceId),
        rows.map((row) => row.pemdaCode),
        rows.map((row) => row.year),
        rows.map((row) => row.subIndicatorCode),
        rows.map((row) => row.claimedValue),
        rows.map((row) => row.submittedAt),
      ],
    );
  }

  async addWithdrawals(db: EntityManager, rows: readonly EvidenceWithdrawalRow[], table = EVIDENCE_WITHDRAWAL): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO ${sqlTable(db, table)} (evidence_id, withdrawn_at)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[])
       ON CONFLICT (evidence_id) DO NOTHING`,
      [rows.map((row) => row.evidenceId), rows.map((row) => row.withdrawnAt)],
    );
  }

  async addRefusals(db: EntityManager, rows: readonly DecisionRefusalRow[], table = DECISION_REFUSAL): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO ${sqlTable(db, table)} (decision_id, reason_code, reason, refused_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (decision_id) DO NOTHING`,
      [rows.map((row) => row.decisionId), rows.map((row) => row.reasonCode), rows.map((row) => row.reason), rows.map((row) => row.refusedAt)],
    );
  }

  async addDecisions(db: EntityManager, rows: readonly VerificationDecisionRow[], table = VERIFICATION_DECISION): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, table)}
         (decision_id, pemda_code, year, sub_indicator_code, sequence, outcome, verified_value, claimed_value, evidence_ids, decided_at)
       SELECT d.decision_id, d.pemda_code, d.year, d.sub_indicator_code, d.sequence, d.outcome, d.verified_value,
              d.claimed_value, ARRAY(SELECT jsonb_array_elements_text(d.evidence_ids)::uuid), d.decided_at
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::numeric[], $8::numeric[],
                     $9::jsonb[], $10::timestamptz[])
              AS d(decision_id, pemda_code, year, sub_indicator_code, sequence, outcome, verified_value, claimed_value,
                   evidence_ids, decided_at)
       ON CONFLICT (decision_id) DO NOTHING`),
      [
        rows.map((row) => row.decisionId),
        rows.map((row) => row.pemdaCode),
        rows.map((row) => row.year),
        rows.map((row) => row.subIndicatorCode),
        rows.map((row) => row.sequence),
        rows.map((row) => row.outcome),
        rows.map((row) => row.verifiedValue),
        rows.map((row) => row.claimedValue),
        // unnest flattens a 2-D array, and decisions name different numbers of evidence: one JSON array each.
        rows.map((row) => JSON.stringify(row.evidenceIds)),
        rows.map((row) => row.decidedAt),
      ],
    );
  }

  /**
   * Every Pemda × sub-indicator of the year with an upload or a decision, as of `asOf` (everything
   * known when null), optionally for some Pemda only.
   */
  async itemStatuses(db: EntityManager, year: number, asOf: Date | null, pemdaCodes: readonly string[] | null): Promise<ItemStatus[]> {
    const rows: {
      pemda_code: string;
      sub_indicator_code: string;
      evidence_count: number | null;
      claimed_value: string | null;
      outcome: DecisionOutcome | null;
      verified_value: string | null;
      decided_at: Date | null;
      not_counted_reason: string | null;
    }[] = await db.query(
      `WITH live AS (
         SELECT u.* FROM ${sqlTable(db, EVIDENCE_UPLOAD)} u
          WHERE u.year = $1 AND ($2::timestamptz IS NULL OR u.submitted_at < $2)
            AND ($3::text[] IS NULL OR u.pemda_code = ANY($3))
            AND NOT EXISTS (SELECT 1 FROM ${sqlTable(db, EVIDENCE_WITHDRAWAL)} w
                             WHERE w.evidence_id = u.evidence_id AND ($2::timestamptz IS NULL OR w.withdrawn_at < $2))
       ), uploads AS (
         SELECT DISTINCT ON (pemda_code, sub_indicator_code) pemda_code, sub_indicator_code, claimed_value,
                count(*) OVER (PARTITION BY pemda_code, sub_indicator_code)::int AS evidence_count
           FROM live
          ORDER BY pemda_code, sub_indicator_code, submitted_at DESC, evidence_id DESC
       ), decided AS (
         SELECT d.pemda_code, d.sub_indicator_code, d.sequence, d.decision_id, d.outcome, d.verified_value, d.decided_at,
                r.decision_id IS NOT NULL AS refused,
                CASE WHEN $2::timestamptz IS NULL OR r.refused_at < $2 THEN r.reason END AS refusal_known
           FROM ${sqlTable(db, VERIFICATION_DECISION)} d
           LEFT JOIN ${sqlTable(db, DECISION_REFUSAL)} r ON r.decision_id = d.decision_id
          WHERE d.year = $1 AND ($2::timestamptz IS NULL OR d.decided_at < $2) AND ($3::text[] IS NULL OR d.pemda_code = ANY($3))
       ), in_force AS (
         SELECT DISTINCT ON (pemda_code, sub_indicator_code) pemda_code, sub_indicator_code, outcome, verified_value, decided_at
           FROM decided
          WHERE NOT refused
          ORDER BY pemda_code, sub_indicator_code, sequence DESC, decision_id::text DESC
       ), newest AS (
         SELECT DISTINCT ON (pemda_code, sub_indicator_code) pemda_code, sub_indicator_code, refusal_known
           FROM decided
          -- A refusal not yet known by then: scoring had not counted that decision either.
          WHERE NOT refused OR refusal_known IS NOT NULL
          ORDER BY pemda_code, sub_indicator_code, sequence DESC, decision_id::text DESC
       )
       SELECT pemda_code, sub_indicator_code, uploads.evidence_count, uploads.claimed_value::text,
              in_force.outcome, in_force.verified_value::text, in_force.decided_at, newest.refusal_known AS not_counted_reason
         FROM uploads
         FULL JOIN in_force USING (pemda_code, sub_indicator_code)
         FULL JOIN newest USING (pemda_code, sub_indicator_code)
        ORDER BY pemda_code, sub_indicator_code`,
      [year, asOf, pemdaCodes],
    );
    return rows.map((row) => ({
      pemdaCode: row.pemda_code,
      subIndicatorCode: row.sub_indicator_code,
      evidenceCount: row.evidence_count ?? 0,
      claimedValue: row.claimed_value,
      outcome: row.outcome,
      verifiedValue: row.verified_value,
      decidedAt: row.decided_at,
      notCountedReason: row.not_counted_reason,
    }));
  }
}
