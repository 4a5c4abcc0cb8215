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
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly consumerName: string,
    private readonly metrics?: MessagingMetrics,
  ) {}

  async start(): Promise<void> {
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }

  async publish(message: InboundMessage, reason: string): Promise<void> {
    if (!this.producer) throw new Error('Dead-letter publisher has not been started');
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
    await this.producer.send({
      topic: deadLetterTopicOf(message.topic),
      acks: -1,
      messages: [{ key: asBuffer(message.key), value: asBuffer(message.value), headers }],
    });
    this.metrics?.deadLetters.inc({ topic: message.topic });
  }
}
