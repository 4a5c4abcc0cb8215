import type { EventContract, McpEvent } from '@mcp/contracts';
import type { Kafka, Producer } from 'kafkajs';
import { encodeEvent } from './cloud-event-codec';
import { createIdempotentProducer } from './kafka-settings';

/**
 * Sends already-built events straight to their topic, encoded and keyed exactly as the outbox
 * relay does: for tests that play another service, replays and operators' tools. A service's own
 * events always go through its outbox.
 */
export class DirectEventPublisher {
  private producer?: Producer;

  constructor(private readonly kafka: Kafka) {}

  async start(): Promise<void> {
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
  }

  /** Publishes in the given order; events with the same key land on one partition, in that order. */
  async publish<TData>(contract: EventContract<TData>, ...events: McpEvent<TData>[]): Promise<void> {
    if (!this.producer) throw new Error('DirectEventPublisher has not been started');
    await this.producer.send({
      topic: contract.topic,
      acks: -1,
      messages: events.map((event) => encodeEvent(event, contract.keyOf(event.data))),
    });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
