import { DecisionRefused, EvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';
import type { SubmissionDecisions } from './submission-decisions';
import type { SubmissionRefusals } from './submission-refusals';
import { SubmissionItemsEvents } from './submission-items.events';

describe('SubmissionItemsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer names submissions.decisions and submissions.decision-refused', () => {
    expect(eventHandlersDeclaredOn(SubmissionItemsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [EvidenceVerified, 'decisions'],
      [DecisionRefused, 'decision-refused'],
    ]);
  });

  it('takes decisions in batches and applies them in offset order in the one transaction', async () => {
    expect(eventHandlersDeclaredOn(SubmissionItemsEvents).find(({ contract }) => contract === EvidenceVerified)?.batch).toBe(true);
    const applied: [number, EntityManager][] = [];
    const decisions = { apply: jest.fn(async (decision: EvidenceVerifiedV1, tx: EntityManager) => void applied.push([decision.sequence, tx])) };
    const events = new SubmissionItemsEvents(decisions as unknown as SubmissionDecisions, {} as SubmissionRefusals);
    const tx = {} as EntityManager;
    const event = (sequence: number) => ({ data: { sequence } }) as McpEvent<EvidenceVerifiedV1>;
    await events.onEvidenceVerified([event(3), event(1), event(2)], tx);
    expect(applied).toEqual([[3, tx], [1, tx], [2, tx]]);
  });
});
