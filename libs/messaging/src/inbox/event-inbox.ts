import { assertValidData, eventSourceOf, type EventContract, type McpEvent } from '@mcp/contracts';
import { Logger } from '@nestjs/common';
import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeEvent } from '../kafka/cloud-event-codec';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { messagingTracer, parentContextOf } from '../tracing/event-trace-context';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { classifyFailure } from './failure-classification';
import { ReferenceDataPendingError, type InboundMessage } from './inbound-message';

export type EventHandler<TData> = (event: McpEvent<TData>, manager: EntityManager) => Promise<void>;
export type InboxOutcome = 'processed' | 'duplicate' | 'dead-lettered';

export interface EventInboxOptions {
  schema: string;
  /** Quick in-place attempts for a failure that is neither permanent nor transient (a bug). */
  maxAttempts: number;
  retryBackoffMs: number;
  /** How long an event may wait for reference data it names before it is dead-lettered; 15 min when omitted. */
  referenceDataWaitMs?: number;
  /**
   * Test-only (issue 13's chaos suite must be able to fail): `false` treats every failure the old
   * way, retried a few times and then dead-lettered, even a database outage. Production config
   * refuses to set it (MCP_TEST_UNCLASSIFIED_FAILURES).
   */
  classifyFailures?: boolean;
  /**
   * Test-only, as classifyFailures: `false` still records the event id but runs the handler even
   * when the id was there, so a redelivery is applied again. Refused in production
   * (MCP_TEST_INBOX_DEDUP_OFF).
   */
  deduplicate?: boolean;
}

/**
 * The inbox's answer to a transient failure: the event was not applied and must not be
 * dead-lettered. The transport pauses the record's partition, backs off and redelivers it.
 */
export class EventMustWaitError extends Error {
  constructor(
    readonly consumer: string,
    readonly eventId: string,
    cause: unknown,
  ) {
    super(`${consumer}: event ${eventId} must wait: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'EventMustWaitError';
  }
}

/**
 * Exactly-once in effect over at-least-once delivery: the event id is recorded in the same
 * transaction as the handler's effect, so a redelivered event finds its id and changes nothing.
 * A failure is classified (docs/decisions.md #60): a permanent one is dead-lettered at once with
 * the reason; a transient one (database or network away, reference data not arrived yet) throws
 * EventMustWaitError so the transport pauses the partition and redelivers; anything else is
 * retried a few times, then dead-lettered so its partition keeps moving.
 */
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);
  private readonly tracer: Tracer;
  /** When each event still waiting for reference data first failed (`consumer|event id`). */
  private readonly waitingForReferenceData = new Map<string, number>();

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
        const outcome = await this.applyOnce(consumer, event, handle);
        this.waitingForReferenceData.delete(`${consumer}|${event.id}`);
        return outcome;
      } catch (error) {
        const reason = (error as Error).message;
        const kind = this.options.classifyFailures === false ? 'unknown' : classifyFailure(error);
        if (kind === 'permanent') {
          return this.deadLetter(message, `${consumer} refused it (permanent): ${reason}`);
        }
        if (kind === 'transient') {
          const waitedTooLong = this.referenceDataWaitExceeded(consumer, event.id, error);
          if (waitedTooLong) return this.deadLetter(message, `${consumer}: ${waitedTooLong}: ${reason}`);
          throw new EventMustWaitError(consumer, event.id, error);
        }
        if (attempt >= this.options.maxAttempts) {
          return this.deadLetter(message, `${consumer} failed after ${attempt} attempt(s): ${reason}`);
        }
        this.logger.warn(`${consumer}: event ${event.id} failed (attempt ${attempt}): ${reason}`);
        await delay(this.options.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * Reference data on its way arrives within seconds; one still missing after the wait was never
   * going to arrive (a wrong code): the event is dead-lettered so an operator sees it.
   */
  private referenceDataWaitExceeded(consumer: string, eventId: string, error: unknown): string | undefined {
    if (!(error instanceof ReferenceDataPendingError)) return undefined;
    const key = `${consumer}|${eventId}`;
    const firstFailedAt = this.waitingForReferenceData.get(key) ?? Date.now();
    this.waitingForReferenceData.set(key, firstFailedAt);
    const waitMs = this.options.referenceDataWaitMs ?? 15 * 60_000;
    if (Date.now() - firstFailedAt < waitMs) return undefined;
    this.waitingForReferenceData.delete(key);
    return `reference data still missing after ${Math.round(waitMs / 1000)} s`;
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
      if (inserted.length === 0 && this.options.deduplicate !== false) return 'duplicate';
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
