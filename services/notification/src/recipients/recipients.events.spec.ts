import { VerifierWilayahAssigned } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { RecipientsEvents } from './recipients.events';

describe('RecipientsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer name notification.verifier-wilayah', () => {
    expect(eventHandlersDeclaredOn(RecipientsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [VerifierWilayahAssigned, 'verifier-wilayah'],
    ]);
  });
});
