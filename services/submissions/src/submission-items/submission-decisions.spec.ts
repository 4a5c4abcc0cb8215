import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { itemKeyText } from '../submission-records/submission.repository';
import { planDecisions } from './submission-decisions';

const decision = (overrides: Partial<EvidenceVerifiedV1>): EvidenceVerifiedV1 =>
  ({
    decisionId: 'd',
    taskId: 't',
    pemdaCode: '32.73',
    year: 2025,
    subIndicatorCode: '1.1.1',
    evidenceIds: ['e1'],
    outcome: 'approved',
    verifiedValue: 100,
    claimedValue: 100,
    reason: null,
    sequence: 1,
    decidedBy: 'siti',
    decidedAt: '2025-03-01T01:00:00.000Z',
    ...overrides,
  }) as EvidenceVerifiedV1;

const itemA = { pemdaCode: '32.73', year: 2025, subIndicatorCode: '1.1.1' };
const itemB = { pemdaCode: '32.73', year: 2025, subIndicatorCode: '1.1.2' };

describe('planDecisions: a batch applied as one decision after another', () => {
  it('lets the newest decision of an item stand, judging each file by the last decision that listed it', () => {
    const plan = planDecisions(
      [
        decision({ sequence: 1, evidenceIds: ['e1', 'e2'], outcome: 'revision_requested', verifiedValue: null, reason: 'Kurang lengkap', decidedAt: '2025-03-01T01:00:00.000Z' }),
        decision({ ...itemB, sequence: 1, evidenceIds: ['f1'], decidedAt: '2025-03-01T01:30:00.000Z' }),
        decision({ sequence: 2, evidenceIds: ['e2', 'e3'], outcome: 'approved', verifiedValue: 75, decidedAt: '2025-03-01T02:00:00.000Z' }),
      ],
      new Map(),
    );
    expect(plan.submissions).toEqual([
      { item: itemA, decision: { outcome: 'approved', reason: null, verifiedValue: 75, sequence: 2, decidedAt: new Date('2025-03-01T02:00:00.000Z') } },
      { item: itemB, decision: expect.objectContaining({ sequence: 1, outcome: 'approved' }) },
    ]);
    expect(plan.evidence.map(({ id, outcome }) => [id, outcome])).toEqual([
      ['e1', 'revision_requested'],
      ['f1', 'approved'],
      ['e2', 'approved'],
      ['e3', 'approved'],
    ]);
    expect(plan.history.map(({ item, entry }) => [item.subIndicatorCode, entry.kind, entry.outcome, entry.verifiedValue])).toEqual([
      ['1.1.1', 'decided', 'revision_requested', null],
      ['1.1.2', 'decided', 'approved', 100],
      ['1.1.1', 'decided', 'approved', 75],
    ]);
  });

  it('lets a replayed or older decision change nothing, against what is in force and against the batch itself', () => {
    const plan = planDecisions(
      [decision({ sequence: 3, evidenceIds: ['e1'] }), decision({ sequence: 5, evidenceIds: ['e5'] }), decision({ sequence: 4, evidenceIds: ['e4'] })],
      new Map([[itemKeyText(itemA), 3]]),
    );
    expect(plan.submissions.map(({ decision: inForce }) => inForce.sequence)).toEqual([5]);
    expect(plan.evidence.map(({ id }) => id)).toEqual(['e5']);
    expect(plan.history).toHaveLength(1);
  });

  it('plans nothing for a batch of replays', () => {
    expect(planDecisions([decision({ sequence: 1 })], new Map([[itemKeyText(itemA), 1]]))).toEqual({ evidence: [], submissions: [], history: [] });
  });
});
