import { assertValidData, type EventContract, type McpEvent } from '@mcp/contracts';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeEvent } from '../kafka/cloud-event-codec';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { PermanentEventError, type InboundMessage } from './inbound-message';

export type EventHandler<TData> = (event: McpEvent<TData>, manager: EntityManager) => Promise<void>;
export type InboxOutcome = 'processed' | 'duplicate' | 'dead-lettered';

export interface EventInboxOptions {
  schema: string;
  maxAttempts: number;
  retryBackoffMs: number;
}

/**
 * Exactly-once in effect over at-least-once delivery: the event id is recorded in the same
 * transaction as the handler's effect, so a redelivered event finds its id and changes nothing.
 * A failing event is retried a few times, then dead-lettered so its partition keeps moving.
 */
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly options: EventInboxOptions,
    private readonly metrics?: MessagingMetrics,
  ) {}

  async process<TData>(
    consumer: string,
    message: InboundMessage,
    contract: EventContract<TData>,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    const startedAt = performance.now();
    const outcome = await this.processOnce(consumer, message, contract, handle);
    this.metrics?.observeHandled(consumer, message.topic, message.partition, outcome, (performance.now() - startedAt) / 1000);
    return outcome;
  }

  private async processOnce<TData>(
    consumer: string,
    message: InboundMessage,
    contract: EventContract<TData>,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    let event: McpEvent<TData>;
    try {
      event = this.decode(message, contract);
    } catch (error) {
      return this.deadLetter(message, `invalid event: ${(error as Error).message}`);
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.applyOnce(consumer, event, handle);
      } catch (error) {
        const reason = (error as Error).message;
        if (error instanceof PermanentEventError || attempt >= this.options.maxAttempts) {
          return this.deadLetter(message, `${consumer} failed after ${attempt} attempt(s): ${reason}`);
        }
        this.logger.warn(`${consumer}: event ${event.id} failed (attempt ${attempt}): ${reason}`);
        await delay(this.options.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private decode<TData>(message: InboundMessage, contract: EventContract<TData>): McpEvent<TData> {
    const event = decodeEvent(message.headers, message.value, message.key);
    if (event.type !== contract.type) {
      throw new Error(`expected type ${contract.type} on ${message.topic}, got ${event.type}`);
    }
    assertValidData(contract, event.data);
    return event as McpEvent<TData>;
  }

  private applyOnce<TData>(
    consumer: string,
    event: McpEvent<TData>,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.options.schema}"."inbox" (consumer, event_id, event_type)
         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.id, event.type],
      );
      if (inserted.length === 0) return 'duplicate';
      await handle(event, manager);
      return 'processed';
    });
  }

  private async deadLetter(message: InboundMessage, reason: string): Promise<InboxOutcome> {
    this.logger.error(`Dead-lettering ${message.topic}/${message.partition}/${message.offset}: ${reason}`);
    await this.deadLetters.publish(message, reason);
    return 'dead-lettered';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
