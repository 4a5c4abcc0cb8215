import { isClaimLocked, isClaimUnderVerification, isDecisionNotCounted, itemStatus } from './item-status';

describe('itemStatus', () => {
  it.each([
    [null, [], 'empty'],
    [null, ['withdrawn'], 'empty'],
    [null, ['submitted'], 'submitted'],
    ['revision_requested', ['revision_requested'], 'revision_requested'],
    ['revision_requested', ['revision_requested', 'submitted'], 'submitted'],
    ['approved', ['approved'], 'approved'],
    ['approved', ['approved', 'submitted'], 'submitted'],
    ['rejected', ['rejected', 'withdrawn'], 'rejected'],
  ] as const)('decision %s with evidence %j is %s', (outcome, statuses, expected) => {
    expect(itemStatus(outcome, [...statuses])).toBe(expected);
  });

  it('shows a decision scoring refused as not counted, unless new evidence waits', () => {
    expect(itemStatus('approved', ['approved'], true)).toBe('not_counted');
    expect(itemStatus('rejected', ['rejected', 'submitted'], true)).toBe('submitted');
    expect(itemStatus(null, [], true)).toBe('empty');
  });

  it('takes the decision in force as not counted only when scoring refused that very sequence', () => {
    expect(isDecisionNotCounted({ decisionSequence: 3, notCountedSequence: 3 })).toBe(true);
    // The refusal arrived before its decision (another topic): the older decision is still the one shown.
    expect(isDecisionNotCounted({ decisionSequence: 2, notCountedSequence: 3 })).toBe(false);
    expect(isDecisionNotCounted({ decisionSequence: 0, notCountedSequence: null })).toBe(false);
    expect(isDecisionNotCounted(undefined)).toBe(false);
  });

  it('locks the claim only once the item is verified', () => {
    expect(['empty', 'submitted', 'revision_requested'].map((status) => isClaimLocked(status as never))).toEqual([false, false, false]);
    expect(isClaimLocked('approved')).toBe(true);
    expect(isClaimLocked('rejected')).toBe(true);
    expect(isClaimLocked('not_counted')).toBe(true);
  });

  it('changes the claim alone only while no evidence awaits a decision: verification learns it with the next upload', () => {
    expect(isClaimUnderVerification('submitted')).toBe(true);
    for (const status of ['empty', 'revision_requested', 'approved', 'rejected', 'not_counted'] as const) expect(isClaimUnderVerification(status)).toBe(false);
  });
});
