import { YearClosed } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { YearsEvents } from './years.events';

describe('YearsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer name verification.year-closed', () => {
    expect(eventHandlersDeclaredOn(YearsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([[YearClosed, 'year-closed']]);
  });
});
