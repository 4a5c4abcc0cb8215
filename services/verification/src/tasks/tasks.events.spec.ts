import { EvidenceSubmitted, EvidenceWithdrawn } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { TasksEvents } from './tasks.events';

describe('TasksEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer names verification.evidence and verification.evidence-withdrawn', () => {
    expect(eventHandlersDeclaredOn(TasksEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [EvidenceSubmitted, 'evidence'],
      [EvidenceWithdrawn, 'evidence-withdrawn'],
    ]);
  });
});
