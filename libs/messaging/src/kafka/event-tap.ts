import type { McpEvent } from '@mcp/contracts';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeEvent } from './cloud-event-codec';

/**
 * Reads decoded events from topics from the beginning, without committing offsets: for tests,
 * operators' tail tools and ad-hoc checks, never for a service's own processing (that is the inbox).
 */
export class EventTap {
  /** Each event with its topic and its non-CloudEvents headers (e.g. `mcp_dlq_reason` on a dead letter). */
  readonly events: (McpEvent<unknown> & { topic: string; deliveryHeaders: Record<string, string> })[] = [];
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka) {}

  async start(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `tap-${randomUUID()}`, allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, message }) => {
        const headers = message.headers ?? {};
        const event = decodeEvent(headers, message.value, message.key);
        this.events.push({ ...event, topic, deliveryHeaders: deliveryHeadersOf(headers) });
      },
    });
  }

  of<TData>(type: string): McpEvent<TData>[] {
    return this.events.filter((event) => event.type === type) as McpEvent<TData>[];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function deliveryHeadersOf(headers: Record<string, unknown>): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce_') && value !== undefined && value !== null) text[name] = String(value);
  }
  return text;
}
