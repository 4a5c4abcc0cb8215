import { errorCodeOf } from '@mcp/testing';
import type { Decision } from './decision.entity';
import { assertCorrectable, assertEvidenceSeen, assertRevisionRoundLeft, revisionRoundsBefore } from './decision-rules';

const now = new Date('2024-12-02T03:00:00Z');
const later = new Date('2024-12-02T03:30:00Z');
const earlier = new Date('2024-12-02T02:59:59Z');

describe('assertEvidenceSeen', () => {
  const claimedAt = new Date('2024-12-02T02:00:00Z');
  const changedBefore = { claimedAt, evidenceChangedAt: new Date('2024-12-02T01:00:00Z') };
  const changedAfter = { claimedAt, evidenceChangedAt: new Date('2024-12-02T02:30:00Z') };

  it.each([
    ['the time seen is the current one', changedAfter, '2024-12-02T02:30:00.000Z', undefined],
    ['the time seen is an older one', changedAfter, '2024-12-02T01:00:00.000Z', 'EVIDENCE_CHANGED'],
    ['no time is sent and nothing changed since the claim', changedBefore, undefined, undefined],
    ['no time is sent and the evidence changed after the claim', changedAfter, undefined, 'EVIDENCE_CHANGED'],
  ])('%s → %s', (_case, task, seen, expected) => {
    expect(errorCodeOf(() => assertEvidenceSeen(task, seen))).toBe(expected);
  });
});

describe('revision rounds', () => {
  const task = { id: 't1', revisionRounds: 1 };

  it('does not count the revision request a correction replaces', () => {
    expect(revisionRoundsBefore(task, { taskId: 't1', outcome: 'revision_requested' })).toBe(0);
    expect(revisionRoundsBefore(task, { taskId: 't1', outcome: 'approved' })).toBe(1);
    expect(revisionRoundsBefore(task, null)).toBe(1);
  });

  it('refuses a revision request beyond the limit, and only a revision request', () => {
    expect(errorCodeOf(() => assertRevisionRoundLeft(1, { outcome: 'revision_requested' }, 1))).toBe('REVISION_LIMIT_REACHED');
    expect(errorCodeOf(() => assertRevisionRoundLeft(0, { outcome: 'revision_requested' }, 1))).toBeUndefined();
    expect(errorCodeOf(() => assertRevisionRoundLeft(5, { outcome: 'rejected' }, 1))).toBeUndefined();
  });
});

describe('assertCorrectable', () => {
  const decision = { decidedBy: 'ana', kind: 'first', sequence: 3, correctableUntil: later } as Decision;

  it.each([
    ['its verifier within the period, while in force', decision, 3, 'ana', undefined],
    ['another verifier', decision, 3, 'budi', 'NOT_YOUR_DECISION'],
    ['a QA overturn', { ...decision, kind: 'qa-overturn' } as Decision, 3, 'ana', 'NOT_YOUR_DECISION'],
    ['a decision already replaced', decision, 4, 'ana', 'DECISION_SUPERSEDED'],
    ['after the period', { ...decision, correctableUntil: earlier } as Decision, 3, 'ana', 'CORRECTION_PERIOD_OVER'],
  ])('%s → %s', (_case, candidate, latest, subject, expected) => {
    expect(errorCodeOf(() => assertCorrectable(candidate, latest, subject, now))).toBe(expected);
  });
});
