import { EvidenceSubmitted, EvidenceVerified, EvidenceWithdrawn } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { EvidenceTrailEvents } from './evidence-trail.events';

describe('EvidenceTrailEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the consumer names reporting.evidence-submitted, reporting.evidence-withdrawn and reporting.evidence-verified', () => {
    expect(eventHandlersDeclaredOn(EvidenceTrailEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [EvidenceSubmitted, 'evidence-submitted'],
      [EvidenceWithdrawn, 'evidence-withdrawn'],
      [EvidenceVerified, 'evidence-verified'],
    ]);
  });
});
