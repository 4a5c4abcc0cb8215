import type { DecisionOutcome } from '@mcp/mcp-domain';
import { createHash } from 'node:crypto';
import type { DecisionKind } from './decision.entity';

/**
 * Whether a decision goes to the QA queue. Derived from the decision id rather than a random draw,
 * so the choice is reproducible (an auditor can recompute it) and cannot be steered by retrying.
 */
export function isSampledForQa(decisionId: string, samplePercent: number): boolean {
  const draw = createHash('sha256').update(decisionId).digest().readUInt32BE(0) / 2 ** 32;
  return draw * 100 < samplePercent;
}

/**
 * What a new decision does to the QA sample (docs/decisions.md #45):
 * - `follow`: a review still pending on an earlier decision of the same task moves to this one, so
 *   a self-correction (or a revision request followed by a new decision) cannot shake it off;
 * - `requeue`: a correction of a decision QA already confirmed goes back to QA;
 * - `draw`: a decision judged for the first time draws (a first decision, or the correction of a
 *   revision request, which was never drawn because it is not final);
 * - `none`: QA overturns, revision requests, and corrections of decisions that were not sampled
 *   (a correction never redraws, or correcting would be a way to roll the dice again).
 */
export type SampleStep = 'follow' | 'requeue' | 'draw' | 'none';

export interface SampleContext {
  kind: DecisionKind;
  outcome: DecisionOutcome;
  /** The outcome of the decision a correction replaces. */
  replacedOutcome: DecisionOutcome | null;
  /** A review of an earlier decision of this task is still pending. */
  pendingReviewOnTask: boolean;
  /** The replaced decision's review was confirmed by QA. */
  replacedConfirmedByQa: boolean;
}

export function sampleStepFor(context: SampleContext): SampleStep {
  if (context.kind === 'qa-overturn') return 'none';
  if (context.pendingReviewOnTask) return 'follow';
  if (context.kind === 'correction' && context.replacedConfirmedByQa) return 'requeue';
  if (context.outcome === 'revision_requested') return 'none';
  if (context.kind === 'correction' && context.replacedOutcome !== 'revision_requested') return 'none';
  return 'draw';
}
