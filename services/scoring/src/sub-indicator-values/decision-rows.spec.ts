import { verifiedValuesOf } from '@mcp/mcp-domain';
import { decisionRowsToDomain, type DecisionRow } from './decision-rows';

const row = (fields: Partial<DecisionRow>): DecisionRow => ({
  decision_id: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  sub_indicator_code: 'X.1.1',
  outcome: 'approved',
  verified_value: '100',
  claimed_value: null,
  sequence: '9007199254740991',
  evidence_ids: ['0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10'],
  decided_at: new Date('2024-06-02T08:00:00.000Z'),
  ...fields,
});

describe('decisionRowsToDomain', () => {
  it('reads numeric and bigint text back to the numbers the event carried', () => {
    const [decision] = decisionRowsToDomain([row({ verified_value: '33.333333', claimed_value: '50' })]);
    expect(decision).toMatchObject({ verifiedValue: 33.333333, claimedValue: 50, sequence: Number.MAX_SAFE_INTEGER });
    expect(decision.decidedAt).toBe('2024-06-02T08:00:00.000Z');
  });

  it('leaves a rejection without a verified value, so it scores 0', () => {
    const decisions = decisionRowsToDomain([row({}), row({ sub_indicator_code: 'X.1.2', outcome: 'rejected', verified_value: null })]);
    expect([...verifiedValuesOf(decisions)]).toEqual([['X.1.1', 100]]);
  });
});
