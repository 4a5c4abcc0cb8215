import { assertValidData, eventSourceOf, type EventContract, type McpEvent } from '@mcp/contracts';
import { Logger } from '@nestjs/common';
import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeEvent } from '../kafka/cloud-event-codec';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { messagingTracer, parentContextOf } from '../tracing/event-trace-context';
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
  private readonly tracer: Tracer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly options: EventInboxOptions,
    private readonly metrics?: MessagingMetrics,
    tracer?: Tracer,
  ) {
    this.tracer = messagingTracer(tracer);
  }

  async process<TData>(
    consumer: string,
    message: InboundMessage,
    contract: EventContract<TData>,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    const startedAt = performance.now();
    let decoded: McpEvent<TData> | Error;
    try {
      decoded = this.decode(message, contract);
    } catch (error) {
      decoded = error as Error;
    }
    // The handler runs inside this span, so its logs carry the trace id and the events it writes
    // to its outbox become children of it: the trace goes on from service to service.
    const outcome = await this.tracer.startActiveSpan(
      `process ${message.topic}`,
      { kind: SpanKind.CONSUMER, attributes: consumeAttributes(consumer, message, decoded) },
      parentContextOf(decoded instanceof Error ? undefined : decoded),
      (span) => this.processTraced(span, consumer, message, decoded, handle),
    );
    this.metrics?.observeHandled(consumer, message.topic, message.partition, outcome, (performance.now() - startedAt) / 1000);
    return outcome;
  }

  private async processTraced<TData>(
    span: Span,
    consumer: string,
    message: InboundMessage,
    decoded: McpEvent<TData> | Error,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    try {
      const outcome = await this.processOnce(consumer, message, decoded, handle);
      span.setAttribute('mcp.inbox.outcome', outcome);
      if (outcome === 'dead-lettered') span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
      return outcome;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  private async processOnce<TData>(
    consumer: string,
    message: InboundMessage,
    decoded: McpEvent<TData> | Error,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    if (decoded instanceof Error) return this.deadLetter(message, `invalid event: ${decoded.message}`);
    const event = decoded;
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
    // The broker's ACLs let only the owner's principal write the topic; this refuses what slips past
    // them (an operator's admin tool, a misconfigured principal): only the owner speaks for its facts.
    const owner = eventSourceOf(contract);
    if (event.source !== owner) {
      throw new Error(`source ${event.source} is not ${owner}, the owner of ${message.topic}`);
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

function consumeAttributes(consumer: string, message: InboundMessage, decoded: McpEvent<unknown> | Error) {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': String(message.partition),
    'messaging.kafka.offset': Number(message.offset),
    'messaging.consumer.group.name': consumer,
    ...(decoded instanceof Error ? {} : { 'messaging.message.id': decoded.id, 'cloudevents.event_type': decoded.type }),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
