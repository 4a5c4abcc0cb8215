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

  it('takes decisions in batches and hands them over in offset order with the one transaction', async () => {
    expect(eventHandlersDeclaredOn(SubmissionItemsEvents).find(({ contract }) => contract === EvidenceVerified)?.batch).toBe(true);
    const decisions = { applyAll: jest.fn(async () => undefined) };
    const events = new SubmissionItemsEvents(decisions as unknown as SubmissionDecisions, {} as SubmissionRefusals);
    const tx = {} as EntityManager;
    const event = (sequence: number) => ({ data: { sequence } }) as McpEvent<EvidenceVerifiedV1>;
    await events.onEvidenceVerified([event(3), event(1), event(2)], tx);
    expect(decisions.applyAll).toHaveBeenCalledWith([{ sequence: 3 }, { sequence: 1 }, { sequence: 2 }], tx);
  });
});
