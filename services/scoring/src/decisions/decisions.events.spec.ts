import { AggregateUpdated, EvidenceVerified } from '@mcp/contracts';
import { eventHandlersDeclaredOn, MAX_EVENTS_PER_BATCH } from '@mcp/messaging';
import { DecisionsEvents } from './decisions.events';

describe('DecisionsEvents', () => {
  const [declaration] = eventHandlersDeclaredOn(DecisionsEvents);

  it('consumes decisions in batches as scoring.decisions (the inbox is keyed by the name: never rename it)', () => {
    expect(eventHandlersDeclaredOn(DecisionsEvents).map(({ contract, consumer, batch }) => [contract, consumer, batch])).toEqual([
      [EvidenceVerified, 'decisions', true],
    ]);
  });

  it("never folds more decisions into one aggregate than AggregateUpdated's decisionIds may name (docs/decisions.md #92)", () => {
    // One batch is what one aggregate per region folds: a batch the schema could not name whole would
    // fail its outbox validation and fall back to one decision at a time.
    const batchSize = (declaration as { maxEventsPerBatch?: number }).maxEventsPerBatch ?? MAX_EVENTS_PER_BATCH;
    const bound = (AggregateUpdated.schema.properties as { decisionIds: { maxItems: number } }).decisionIds.maxItems;
    expect(batchSize).toBeLessThanOrEqual(bound);
  });
});
