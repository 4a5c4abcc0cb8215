import { eventSourceOf, readValidData, type EventContract, type McpEvent } from '@mcp/contracts';
import { prepared } from '@mcp/postgres-client';
import { Logger } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeEvent } from '../kafka/cloud-event-codec';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { messagingTracer, parentContextOf } from '../tracing/event-trace-context';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { classifyFailure } from './failure-classification';
import { ReferenceDataPendingError, type InboundMessage } from './inbound-message';

export type EventHandler<TData> = (event: McpEvent<TData>, manager: EntityManager) => Promise<void>;
/** A `@HandleEventBatch` handler: the new events of one fetch, in offset order, and the one transaction for them all. */
export type EventBatchHandler<TData> = (events: McpEvent<TData>[], manager: EntityManager) => Promise<void>;
export type InboxOutcome = 'processed' | 'duplicate' | 'dead-lettered';

/** One consumer's batch of one topic, to be handled in a transaction with others (`processBatches`). */
export interface ConsumerBatch {
  consumer: string;
  messages: readonly InboundMessage[];
  contract: EventContract<unknown>;
  handle: EventBatchHandler<unknown>;
}

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

  /**
   * The batch form (docs/decisions.md #79): the records of one partition's fetch, in offset order.
   * A record that is not a valid event is dead-lettered at once (after the batch's transaction, so a
   * batch that must wait does not dead-letter it twice). The valid ones are recorded in the inbox by
   * one multi-row insert and the ids already there (and repeats within the batch) are left out; the
   * handler gets the rest and the same transaction, so the whole batch commits or nothing does.
   * A transient failure (database away) throws EventMustWaitError for the whole batch, whose
   * committed parts are none. Any other failure (a permanent refusal of one event, a bug, reference
   * data still on its way) is not the batch's: its events are applied again one at a time through
   * `process`, with the per-event rules, so only the event at fault is dead-lettered or waits;
   * `heartbeat` (the consumer's) is called between them, since a batch of thousands applied one at a
   * time can take longer than the consumer's session. Returns one outcome per record, in order.
   */
  async processBatch<TData>(
    consumer: string,
    messages: readonly InboundMessage[],
    contract: EventContract<TData>,
    handle: EventBatchHandler<TData>,
    heartbeat?: () => Promise<void>,
  ): Promise<InboxOutcome[]> {
    if (messages.length === 0) return [];
    const startedAt = performance.now();
    const decoded = this.decodeAll(messages, contract);
    // One span for the batch (the handler's work is one), a child of the first event's producer as
    // for a single event, linked to the others' (OpenTelemetry's messaging conventions for a batch).
    const events = decoded.filter((event): event is McpEvent<TData> => !(event instanceof Error));
    const first = messages[0];
    const links = spanLinksOf(events);
    const outcomes = await this.tracer.startActiveSpan(
      `process ${first.topic}`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          ...consumeAttributes(consumer, first, events[0] ?? new Error('no valid event')),
          'messaging.batch.message_count': messages.length,
        },
      },
      parentContextOf(events[0]),
      async (span) => {
        try {
          const result = await this.processBatchOnce(consumer, messages, decoded, contract, handle, heartbeat);
          if (result.includes('dead-lettered')) span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
          return result;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
    const secondsEach = (performance.now() - startedAt) / 1000 / messages.length;
    outcomes.forEach((outcome, i) =>
      this.metrics?.observeHandled(consumer, messages[i].topic, messages[i].partition, outcome, secondsEach),
    );
    return outcomes;
  }

  /**
   * Several consumers' batches, of several topics, that the transport handed over together
   * (docs/decisions.md #119): one transaction instead of one each. The inbox rows of every batch go in
   * one statement, then each consumer's handler gets its new events, in the order given, with the
   * same transaction. A record that is not a valid event is dead-lettered after it, as in
   * `processBatch`. A transient failure makes them all wait; any other sends each batch through
   * `processBatch` on its own, with its own rules.
   */
  async processBatches(batches: readonly ConsumerBatch[], heartbeat?: () => Promise<void>): Promise<void> {
    if (batches.length === 0) return;
    if (batches.length === 1) {
      const [only] = batches;
      await this.processBatch(only.consumer, only.messages, only.contract, only.handle, heartbeat);
      return;
    }
    const startedAt = performance.now();
    const parts = batches.map((batch) => {
      const decoded = this.decodeAll(batch.messages, batch.contract);
      return { batch, decoded, valid: firstOfEachEvent(decoded) };
    });
    const topics = [...new Set(batches.map((batch) => batch.messages[0]?.topic))].join(' ');
    let applied: Set<string>[] | undefined;
    try {
      applied = await this.applyBatchesOnce(parts.map((part) => ({ batch: part.batch, events: part.valid.map((entry) => entry.event) })));
    } catch (error) {
      const kind = this.options.classifyFailures === false ? 'unknown' : classifyFailure(error);
      if (kind === 'transient' && !(error instanceof ReferenceDataPendingError)) {
        throw new EventMustWaitError(batches.map((batch) => batch.consumer).join(' '), `batches of ${topics}`, error);
      }
      this.logger.warn(`${topics}: batches handled together failed (${(error as Error).message}); each one on its own`);
    }
    if (!applied) {
      for (const { consumer, messages, contract, handle } of batches) await this.processBatch(consumer, messages, contract, handle, heartbeat);
      return;
    }
    const secondsEach = (performance.now() - startedAt) / 1000 / Math.max(1, parts.reduce((count, part) => count + part.valid.length, 0));
    for (const [partIndex, { batch, decoded, valid }] of parts.entries()) {
      const outcomes: InboxOutcome[] = batch.messages.map(() => 'duplicate');
      for (const { index, event } of valid) if (applied[partIndex].has(event.id)) outcomes[index] = 'processed';
      for (const [index, event] of decoded.entries()) {
        if (event instanceof Error) outcomes[index] = await this.deadLetter(batch.consumer, batch.messages[index], `invalid event: ${event.message}`);
      }
      outcomes.forEach((outcome, i) =>
        this.metrics?.observeHandled(batch.consumer, batch.messages[i].topic, batch.messages[i].partition, outcome, secondsEach),
      );
    }
  }

  /**
   * One transaction for several consumers' batches: their inbox rows in one statement, then each
   * handler in a span of its own, as `processBatch` makes it (a child of its first event's producer,
   * linked to the others'), so each topic's trace goes on as if its batch had been alone.
   */
  private applyBatchesOnce(parts: { batch: ConsumerBatch; events: McpEvent<unknown>[] }[]): Promise<Set<string>[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows = parts.flatMap(({ batch, events }) => events.map((event) => ({ consumer: batch.consumer, event })));
      const inserted: { consumer: string; event_id: string }[] =
        rows.length === 0
          ? []
          : await manager.query(
              prepared(`INSERT INTO "${this.options.schema}"."inbox" (consumer, event_id, event_type)
               SELECT consumer, event_id, event_type FROM unnest($1::text[], $2::uuid[], $3::text[]) AS batch(consumer, event_id, event_type)
               ON CONFLICT DO NOTHING RETURNING consumer, event_id`),
              [rows.map((row) => row.consumer), rows.map((row) => row.event.id), rows.map((row) => row.event.type)],
            );
      const fresh = new Set(inserted.map((row) => `${row.consumer}\u0000${row.event_id.toLowerCase()}`));
      const applied: Set<string>[] = [];
      for (const { batch, events } of parts) {
        const toApply =
          this.options.deduplicate === false
            ? events
            : events.filter((event) => fresh.has(`${batch.consumer}\u0000${event.id.toLowerCase()}`));
        if (toApply.length > 0) await this.handleInSpan(batch, events, () => batch.handle(toApply, manager));
        applied.push(new Set(toApply.map((event) => event.id)));
      }
      return applied;
    });
  }

  private handleInSpan(batch: ConsumerBatch, events: McpEvent<unknown>[], handle: () => Promise<void>): Promise<void> {
    return this.tracer.startActiveSpan(
      `process ${batch.messages[0].topic}`,
      {
        kind: SpanKind.CONSUMER,
        links: spanLinksOf(events),
        attributes: {
          ...consumeAttributes(batch.consumer, batch.messages[0], events[0]),
          'messaging.batch.message_count': batch.messages.length,
        },
      },
      parentContextOf(events[0]),
      async (span) => {
        try {
          await handle();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private async processBatchOnce<TData>(
    consumer: string,
    messages: readonly InboundMessage[],
    decoded: (McpEvent<TData> | Error)[],
    contract: EventContract<TData>,
    handle: EventBatchHandler<TData>,
    heartbeat?: () => Promise<void>,
  ): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = messages.map(() => 'duplicate');
    const valid = firstOfEachEvent(decoded);
    let applied: Set<string>;
    try {
      applied = await this.applyBatchOnce(consumer, valid.map((entry) => entry.event), handle);
    } catch (error) {
      const kind = this.options.classifyFailures === false ? 'unknown' : classifyFailure(error);
      if (kind === 'transient' && !(error instanceof ReferenceDataPendingError)) {
        throw new EventMustWaitError(consumer, `batch of ${valid.length} from ${messages[0].offset}`, error);
      }
      this.logger.warn(
        `${consumer}: a batch of ${valid.length} event(s) from ${messages[0].topic}/${messages[0].partition}/` +
          `${messages[0].offset} failed (${(error as Error).message}); applying them one at a time`,
      );
      // Each one in its own transaction with the per-event rules; an invalid record is dead-lettered there too.
      const single: EventHandler<TData> = (event, tx) => handle([event], tx);
      const one: InboxOutcome[] = [];
      for (const message of messages) {
        one.push(await this.process(consumer, message, contract, single));
        await heartbeat?.();
      }
      return one;
    }
    for (const { index, event } of valid) if (applied.has(event.id)) outcomes[index] = 'processed';
    for (const [index, event] of decoded.entries()) {
      if (event instanceof Error) outcomes[index] = await this.deadLetter(consumer, messages[index], `invalid event: ${event.message}`);
    }
    return outcomes;
  }

  /** One transaction: the inbox rows of the batch in one statement, then the handler with the new events. */
  private applyBatchOnce<TData>(
    consumer: string,
    events: McpEvent<TData>[],
    handle: EventBatchHandler<TData>,
  ): Promise<Set<string>> {
    if (events.length === 0) return Promise.resolve(new Set());
    return this.dataSource.transaction(async (manager) => {
      const inserted: { event_id: string }[] = await manager.query(
        prepared(`INSERT INTO "${this.options.schema}"."inbox" (consumer, event_id, event_type)
         SELECT $1, event_id, event_type FROM unnest($2::uuid[], $3::text[]) AS batch(event_id, event_type)
         ON CONFLICT DO NOTHING RETURNING event_id`),
        [consumer, events.map((event) => event.id), events.map((event) => event.type)],
      );
      const fresh = new Set(inserted.map((row) => row.event_id.toLowerCase()));
      const toApply =
        this.options.deduplicate === false ? events : events.filter((event) => fresh.has(event.id.toLowerCase()));
      if (toApply.length > 0) await handle(toApply, manager);
      return new Set(toApply.map((event) => event.id));
    });
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
    if (decoded instanceof Error) return this.deadLetter(consumer, message, `invalid event: ${decoded.message}`);
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
          return this.deadLetter(consumer, message, `${consumer} refused it (permanent): ${reason}`);
        }
        if (kind === 'transient') {
          const waitedTooLong = this.referenceDataWaitExceeded(consumer, event.id, error);
          if (waitedTooLong) return this.deadLetter(consumer, message, `${consumer}: ${waitedTooLong}: ${reason}`);
          throw new EventMustWaitError(consumer, event.id, error);
        }
        if (attempt >= this.options.maxAttempts) {
          return this.deadLetter(consumer, message, `${consumer} failed after ${attempt} attempt(s): ${reason}`);
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

  /** Each record decoded, or the reason it is not a valid event of the contract. */
  private decodeAll<TData>(messages: readonly InboundMessage[], contract: EventContract<TData>): (McpEvent<TData> | Error)[] {
    return messages.map((message) => {
      try {
        return this.decode(message, contract);
      } catch (error) {
        return error as Error;
      }
    });
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
    readValidData(contract, event.data);
    return event as McpEvent<TData>;
  }

  private applyOnce<TData>(
    consumer: string,
    event: McpEvent<TData>,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        prepared(`INSERT INTO "${this.options.schema}"."inbox" (consumer, event_id, event_type)
         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`),
        [consumer, event.id, event.type],
      );
      if (inserted.length === 0 && this.options.deduplicate !== false) return 'duplicate';
      await handle(event, manager);
      return 'processed';
    });
  }

  private async deadLetter(consumer: string, message: InboundMessage, reason: string): Promise<InboxOutcome> {
    const where = `${message.topic}/${message.partition}/${message.offset}`;
    this.logger.error(`Dead-lettering ${where}: ${reason}`);
    try {
      await this.deadLetters.publish(message, reason);
    } catch (error) {
      // Not parked, so not consumed: the partition waits its backoff and reads the record again
      // (docs/decisions.md #118); the inbox skips whatever of its batch had committed.
      throw new EventMustWaitError(consumer, `${where} (its dead letter)`, error);
    }
    return 'dead-lettered';
  }
}

/** A batch's span links to the producers of its events after the first (the span's parent). */
function spanLinksOf(events: readonly McpEvent<unknown>[]): { context: SpanContext }[] {
  return events
    .slice(1)
    .map((event) => trace.getSpanContext(parentContextOf(event)))
    .filter((context): context is SpanContext => context !== undefined)
    .map((context) => ({ context }));
}

/** The valid events of a batch with their places in it, each id once (a repeat within the batch is a duplicate). */
function firstOfEachEvent<TData>(decoded: readonly (McpEvent<TData> | Error)[]): { index: number; event: McpEvent<TData> }[] {
  const valid: { index: number; event: McpEvent<TData> }[] = [];
  const seen = new Set<string>();
  decoded.forEach((event, index) => {
    if (event instanceof Error || seen.has(event.id)) return;
    seen.add(event.id);
    valid.push({ index, event });
  });
  return valid;
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
