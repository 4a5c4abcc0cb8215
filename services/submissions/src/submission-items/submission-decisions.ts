import type { EvidenceVerifiedV1, VerificationOutcome } from '@mcp/contracts';
import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HistoryEntry } from '../submission-records/submission-history.repository';
import { itemKeyText, SubmissionRepository, type DecisionInForce, type SubmissionItemKey } from '../submission-records/submission.repository';

/** What a batch of decisions changes, worked out before any write (`planDecisions`). */
export interface DecisionsPlan {
  /** Per evidence file, the outcome of the last decision in the batch that judged it. */
  evidence: { id: string; outcome: VerificationOutcome; reason: string | null; at: Date }[];
  /** Per item, the newest decision of the batch, now in force. */
  submissions: { item: SubmissionItemKey; decision: DecisionInForce }[];
  /** One `decided` entry per decision applied, in offset order. */
  history: { item: SubmissionItemKey; entry: HistoryEntry }[];
}

const itemOf = (decision: EvidenceVerifiedV1): SubmissionItemKey => ({
  pemdaCode: decision.pemdaCode,
  year: decision.year,
  subIndicatorCode: decision.subIndicatorCode,
});

/**
 * The batch applied as one decision after another would apply it: a decision whose sequence is not
 * above the one in force for its item (counting those applied before it in the batch) is a replay
 * under a new id and changes nothing, as in scoring; of the rest, the last word on an evidence file
 * or an item is the one that stays.
 */
export function planDecisions(decisions: readonly EvidenceVerifiedV1[], sequenceInForce: ReadonlyMap<string, number>): DecisionsPlan {
  const sequences = new Map(sequenceInForce);
  const evidence = new Map<string, DecisionsPlan['evidence'][number]>();
  const submissions = new Map<string, DecisionsPlan['submissions'][number]>();
  const history: DecisionsPlan['history'] = [];
  for (const decision of decisions) {
    const item = itemOf(decision);
    const key = itemKeyText(item);
    if (decision.sequence <= (sequences.get(key) ?? 0)) continue;
    sequences.set(key, decision.sequence);
    const decidedAt = new Date(decision.decidedAt);
    // The decision lists what the verifier judged; that includes evidence withdrawn while the task
    // was claimed (verification refuses such withdrawals), so the decision wins over `withdrawn`.
    for (const id of decision.evidenceIds) {
      evidence.delete(id); // re-inserted last: the map's order is the order the words were said
      evidence.set(id, { id, outcome: decision.outcome, reason: decision.reason, at: decidedAt });
    }
    submissions.set(key, {
      item,
      decision: { outcome: decision.outcome, reason: decision.reason, verifiedValue: decision.verifiedValue, sequence: decision.sequence, decidedAt },
    });
    history.push({
      item,
      entry: {
        kind: 'decided',
        actor: decision.decidedBy,
        occurredAt: decidedAt,
        outcome: decision.outcome,
        verifiedValue: decision.verifiedValue,
        claimedValue: decision.claimedValue,
        reason: decision.reason,
      },
    });
  }
  return { evidence: [...evidence.values()], submissions: [...submissions.values()], history };
}

/** Keeps the Pemda's view in step with verification's decisions (mcp.evidence.verified.v1). */
@Injectable()
export class SubmissionDecisions {
  constructor(private readonly submissions: SubmissionRepository) {}

  /**
   * A batch of decisions in three statements whatever its size (docs/decisions.md #101, #115): the
   * items' rows made where missing and locked, then evidence, items and history written by one
   * statement. Decisions on one Pemda arrive in order (one partition per key), and the batch is
   * applied as that order would.
   */
  async applyAll(decisions: readonly EvidenceVerifiedV1[], manager: EntityManager): Promise<void> {
    if (decisions.length === 0) return;
    // An item's row, if it must be made, is dated by its first decision, as the one-by-one path did.
    const items = new Map<string, SubmissionItemKey & { now: Date }>();
    for (const decision of decisions) {
      const item = itemOf(decision);
      const key = itemKeyText(item);
      if (!items.has(key)) items.set(key, { ...item, now: new Date(decision.decidedAt) });
    }
    const plan = planDecisions(decisions, await this.submissions.lockAll(manager, [...items.values()]));
    if (plan.history.length > 0) await writePlan(manager, plan);
  }
}

/**
 * The plan's evidence outcomes, the items' decisions in force and the history lines, in one
 * statement: three data-modifying CTEs over disjoint tables. History rows go in in offset order
 * (their identity follows the ORDER BY).
 */
async function writePlan(manager: EntityManager, plan: DecisionsPlan): Promise<void> {
  const { evidence, submissions, history } = plan;
  await manager.query(
    prepared(`WITH judged AS (
       UPDATE ${sqlTable(manager, 'evidence')} e SET status = j.outcome, status_reason = j.reason, updated_at = j.at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS j(id, outcome, reason, at)
        WHERE e.id = j.id
       RETURNING 1
     ), in_force AS (
       UPDATE ${sqlTable(manager, 'submission')} s
          SET decision_outcome = d.outcome, decision_reason = d.reason, verified_value = d.verified_value,
              decision_sequence = d.sequence, updated_at = d.decided_at
         FROM unnest($5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::numeric[], $11::int[], $12::timestamptz[])
              AS d(pemda_code, year, sub_indicator_code, outcome, reason, verified_value, sequence, decided_at)
        WHERE s.pemda_code = d.pemda_code AND s.year = d.year AND s.sub_indicator_code = d.sub_indicator_code
       RETURNING 1
     ), logged AS (
       INSERT INTO ${sqlTable(manager, 'submission_history')}
         (pemda_code, year, sub_indicator_code, kind, actor, on_behalf_of_pemda, occurred_at, outcome, verified_value, claimed_value, reason)
       SELECT pemda_code, year, sub_indicator_code, 'decided', actor, false, occurred_at, outcome, verified_value, claimed_value, reason
         FROM unnest($13::text[], $14::int[], $15::text[], $16::text[], $17::timestamptz[], $18::text[], $19::numeric[], $20::numeric[], $21::text[])
              WITH ORDINALITY AS h(pemda_code, year, sub_indicator_code, actor, occurred_at, outcome, verified_value, claimed_value, reason, n)
        ORDER BY n
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM judged) AS evidence, (SELECT count(*) FROM in_force) AS items, (SELECT count(*) FROM logged) AS history`),
    [
      evidence.map((j) => j.id),
      evidence.map((j) => j.outcome),
      evidence.map((j) => j.reason),
      evidence.map((j) => j.at),
      submissions.map(({ item }) => item.pemdaCode),
      submissions.map(({ item }) => item.year),
      submissions.map(({ item }) => item.subIndicatorCode),
      submissions.map(({ decision }) => decision.outcome),
      submissions.map(({ decision }) => decision.reason),
      submissions.map(({ decision }) => decision.verifiedValue),
      submissions.map(({ decision }) => decision.sequence),
      submissions.map(({ decision }) => decision.decidedAt),
      history.map(({ item }) => item.pemdaCode),
      history.map(({ item }) => item.year),
      history.map(({ item }) => item.subIndicatorCode),
      history.map(({ entry }) => entry.actor),
      history.map(({ entry }) => entry.occurredAt),
      history.map(({ entry }) => entry.outcome ?? null),
      history.map(({ entry }) => entry.verifiedValue ?? null),
      history.map(({ entry }) => entry.claimedValue ?? null),
      history.map(({ entry }) => entry.reason ?? null),
    ],
  );
}
