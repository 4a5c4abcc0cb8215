import 'reflect-metadata';
import { EvidenceSubmitted, EvidenceVerified, ScoreUpdated, type McpEvent } from '@mcp/contracts';
import type { DiscoveryService } from '@nestjs/core';
import type { ConsumerBatch, EventInbox } from '../inbox/event-inbox';
import type { InboundMessage } from '../inbox/inbound-message';
import { EventHandlerRegistry } from './event-handler-registry';
import { HandleEvent, HandleEventBatch } from './handle-event';

/* docs/decisions.md #119: records of several topics handed over together, one inbox transaction. */
class ReadModel {
  @HandleEventBatch(EvidenceVerified, { consumer: 'evidence-verified' })
  onVerified(_events: McpEvent<unknown>[]): Promise<void> {
    return Promise.resolve();
  }

  @HandleEventBatch(ScoreUpdated, { consumer: 'scores' })
  onScores(_events: McpEvent<unknown>[]): Promise<void> {
    return Promise.resolve();
  }
}

class Mailer {
  @HandleEvent(EvidenceSubmitted, { consumer: 'evidence-submitted' })
  onSubmitted(_event: McpEvent<unknown>): Promise<void> {
    return Promise.resolve();
  }
}

const record = (topic: string, partition: number, offset: number): InboundMessage => ({
  topic,
  partition,
  offset: String(offset),
  key: null,
  headers: {},
  value: null,
});

function registryOf(...providers: object[]) {
  const together: string[][][] = [];
  const alone: string[][] = [];
  const describe = (messages: readonly InboundMessage[]) => messages.map(({ topic, partition, offset }) => `${topic}/${partition}/${offset}`);
  const inbox = {
    processBatches: async (batches: ConsumerBatch[]) => void together.push(batches.map((batch) => [batch.consumer, ...describe(batch.messages)])),
    processBatch: async (consumer: string, messages: InboundMessage[]) => void alone.push([consumer, ...describe(messages)]),
    process: async (consumer: string, message: InboundMessage) => void alone.push([consumer, ...describe([message])]),
  } as unknown as EventInbox;
  const discovery = {
    getProviders: () => providers.map((instance) => ({ instance, metatype: instance.constructor, isDependencyTreeStatic: () => true })),
  } as unknown as DiscoveryService;
  const registry = new EventHandlerRegistry(discovery, inbox, 'reporting');
  registry.onModuleInit();
  return { registry, together, alone };
}

describe('EventHandlerRegistry.dispatchTogether', () => {
  it('hands the batches of several topics to the inbox together, each topic its records in order', async () => {
    const { registry, together, alone } = registryOf(new ReadModel());
    await registry.dispatchTogether([
      record(ScoreUpdated.topic, 0, 5),
      record(EvidenceVerified.topic, 1, 9),
      record(ScoreUpdated.topic, 2, 3),
    ]);
    expect(together).toEqual([
      [
        ['reporting.scores', `${ScoreUpdated.topic}/0/5`, `${ScoreUpdated.topic}/2/3`],
        ['reporting.evidence-verified', `${EvidenceVerified.topic}/1/9`],
      ],
    ]);
    expect(alone).toEqual([]);
  });

  it('goes topic by topic when a handler of one of them takes one event at a time', async () => {
    const { registry, together, alone } = registryOf(new ReadModel(), new Mailer());
    await registry.dispatchTogether([record(ScoreUpdated.topic, 0, 1), record(EvidenceSubmitted.topic, 0, 2)]);
    expect(together).toEqual([]);
    expect(alone).toEqual([
      ['reporting.scores', `${ScoreUpdated.topic}/0/1`],
      ['reporting.evidence-submitted', `${EvidenceSubmitted.topic}/0/2`],
    ]);
  });

  it('hands the records of a single topic to its batch handler as before', async () => {
    const { registry, together, alone } = registryOf(new ReadModel());
    await registry.dispatchTogether([record(ScoreUpdated.topic, 0, 1), record(ScoreUpdated.topic, 1, 1)]);
    expect(together).toEqual([]);
    expect(alone).toEqual([['reporting.scores', `${ScoreUpdated.topic}/0/1`, `${ScoreUpdated.topic}/1/1`]]);
  });
});
