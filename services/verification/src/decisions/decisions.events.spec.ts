import { DecisionRefused } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { DecisionsEvents } from './decisions.events';

describe('DecisionsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer name verification.decision-refused', () => {
    expect(eventHandlersDeclaredOn(DecisionsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([[DecisionRefused, 'decision-refused']]);
  });
});
