import {
  claimedValuesOf,
  decisionsInForce,
  supersedes,
  verifiedValuesOf,
  type ScoredDecision,
} from './decisions-in-force';

function decision(code: string, sequence: number, fields: Partial<ScoredDecision> = {}): ScoredDecision {
  return {
    decisionId: `00000000-0000-4000-8000-00000000000${sequence}`,
    subIndicatorCode: code,
    outcome: 'approved',
    verifiedValue: 100,
    claimedValue: 100,
    sequence,
    ...fields,
  };
}

describe('the decision in force', () => {
  it('is the one with the highest sequence, whatever arrived first', () => {
    const approved50 = decision('A.1.1', 1, { verifiedValue: 50 });
    const revisedTo100 = decision('A.1.1', 2);
    expect(decisionsInForce([revisedTo100, approved50]).get('A.1.1')).toBe(revisedTo100);
    expect(decisionsInForce([approved50, revisedTo100]).get('A.1.1')).toBe(revisedTo100);
  });

  it('is not replaced by a redelivery of itself, and a tie goes to the larger decision id', () => {
    const first = decision('A.1.1', 3);
    expect(supersedes({ ...first }, first)).toBe(false);
    const sameSequence = { ...first, decisionId: 'FFFFFFFF-0000-4000-8000-000000000000', verifiedValue: 0 };
    expect(supersedes(sameSequence, first)).toBe(true);
    expect(supersedes(first, sameSequence)).toBe(false);
  });
});

describe('values for scoring', () => {
  const inForce = [
    decision('A.1.1', 1, { verifiedValue: 100, claimedValue: 100 }),
    decision('A.1.2', 1, { verifiedValue: 0, claimedValue: 50 }),
    decision('A.2.1', 2, { outcome: 'rejected', verifiedValue: null, claimedValue: 75 }),
    decision('A.3.1', 2, { outcome: 'revision_requested', verifiedValue: null, claimedValue: null }),
  ];

  it('counts only approvals as verified values: a rejection or a revision request scores 0 by absence', () => {
    expect([...verifiedValuesOf(inForce)]).toEqual([
      ['A.1.1', 100],
      ['A.1.2', 0],
    ]);
  });

  it('keeps every claim the Pemda made, whatever the outcome', () => {
    expect([...claimedValuesOf(inForce)]).toEqual([
      ['A.1.1', 100],
      ['A.1.2', 50],
      ['A.2.1', 75],
    ]);
  });
});
