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

/** How long a dead letter may take to reach Kafka before the record is left to be read again. */
export const DEAD_LETTER_SEND_TIMEOUT_MS = 30_000;

/**
 * Parks an event that cannot be processed, with why and where it came from, never dropping it.
 *
 * A send is bounded (docs/decisions.md #118). The producer retries without limit, as an idempotent
 * one must, so after a broker outage a send could wait forever, and the partition's consumer with
 * it: the record was never committed, never read again, and its lag never reached zero. Past the
 * bound, or on any failure, the send is given up and the producer replaced (a fresh one reconnects
 * to a broker that came back, as the outbox relay's does). The caller leaves the record unconsumed,
 * so it is read and dead-lettered again: a dead letter is at least once.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly kafka: Kafka,
    private readonly consumerName: string,
    private readonly metrics?: MessagingMetrics,
    private readonly sendTimeoutMs = DEAD_LETTER_SEND_TIMEOUT_MS,
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

  /** Forgets the producer without waiting for it: a connect that never settles must not hold the caller. */
  private dropProducer(): void {
    const connecting = this.connecting;
    this.connecting = undefined;
    connecting?.then((producer) => producer.disconnect()).catch(() => undefined);
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

  /** Resolves once Kafka took the dead letter; rejects past the bound or on a failure, the producer then replaced. */
  async publish(message: InboundMessage, reason: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Kafka did not take the dead letter within ${this.sendTimeoutMs} ms`)),
        this.sendTimeoutMs,
      );
    });
    try {
      await Promise.race([this.send(message, reason), bound]);
    } catch (error) {
      this.dropProducer();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    this.metrics?.deadLetters.inc({ topic: message.topic });
  }

  private async send(message: InboundMessage, reason: string): Promise<void> {
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
  }
}
