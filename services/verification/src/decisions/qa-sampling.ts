import { createHash } from 'node:crypto';

/**
 * Whether a decision goes to the QA queue. Derived from the decision id rather than a random draw,
 * so the choice is reproducible (an auditor can recompute it) and cannot be steered by retrying.
 */
export function isSampledForQa(decisionId: string, samplePercent: number): boolean {
  const draw = createHash('sha256').update(decisionId).digest().readUInt32BE(0) / 2 ** 32;
  return draw * 100 < samplePercent;
}
