import { AggregateUpdated, ScoreUpdated, YearClosed } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { ReportsEvents } from './reports.events';

describe('ReportsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the consumer names reporting.scores, reporting.aggregates and reporting.year-closed; scores and aggregates in batches', () => {
    expect(eventHandlersDeclaredOn(ReportsEvents).map(({ contract, consumer, batch }) => [contract, consumer, batch ?? false])).toEqual([
      [ScoreUpdated, 'scores', true],
      [AggregateUpdated, 'aggregates', true],
      [YearClosed, 'year-closed', false],
    ]);
  });
});
