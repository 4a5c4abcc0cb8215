import { VerifierWilayahAssigned } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { VerifierWilayahEvents } from './verifier-wilayah.events';

describe('VerifierWilayahEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer name <service>.verifier-wilayah', () => {
    expect(eventHandlersDeclaredOn(VerifierWilayahEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [VerifierWilayahAssigned, 'verifier-wilayah'],
    ]);
  });
});
