import { deadLetterTopicOf } from '@mcp/contracts';
import type { Kafka, Producer } from 'kafkajs';
import { createIdempotentProducer } from '../kafka/kafka-settings';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { InboundMessage } from './inbound-message';

function asBuffer(value: unknown): Buffer | null {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Parks an event that cannot be processed, with why and where it came from, never dropping it. */
export class DeadLetterPublisher {
  constructor(
    private readonly kafka: Kafka,
    private readonly consumerName: string,
    private readonly metrics?: MessagingMetrics,
  ) {}

  private connecting?: Promise<Producer>;

  /** Kept for callers that start it explicitly; the producer connects on the first dead letter. */
  async start(): Promise<void> {
    // Nothing to wait for: a service starts while Kafka is away (#72), and a record to
    // dead-letter only exists once its consumer has reached the broker.
  }

  async stop(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    await (await connecting?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Producer> {
    this.connecting ??= (async () => {
      const producer = createIdempotentProducer(this.kafka);
      try {
        await producer.connect();
      } catch (error) {
        // The next dead letter tries again; the record is not marked consumed meanwhile.
        this.connecting = undefined;
        throw error;
      }
      return producer;
    })();
    return this.connecting;
  }

  async publish(message: InboundMessage, reason: string): Promise<void> {
    const producer = await this.connected();
    const headers: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(message.headers)) {
      const buffer = asBuffer(value);
      if (buffer) headers[name] = buffer;
    }
    Object.assign(headers, {
      mcp_dlq_reason: Buffer.from(reason.slice(0, 4000)),
      mcp_dlq_consumer: Buffer.from(this.consumerName),
      mcp_dlq_source: Buffer.from(`${message.topic}/${message.partition}/${message.offset}`),
      mcp_dlq_failed_at: Buffer.from(new Date().toISOString()),
    });
    await producer.send({
      topic: deadLetterTopicOf(message.topic),
      acks: -1,
      messages: [{ key: asBuffer(message.key), value: asBuffer(message.value), headers }],
    });
    this.metrics?.deadLetters.inc({ topic: message.topic });
  }
}
