import { isClaimLocked, itemStatus } from './item-status';

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

  it('locks the claim only once the item is verified', () => {
    expect(['empty', 'submitted', 'revision_requested'].map((status) => isClaimLocked(status as never))).toEqual([false, false, false]);
    expect(isClaimLocked('approved')).toBe(true);
    expect(isClaimLocked('rejected')).toBe(true);
  });
});
