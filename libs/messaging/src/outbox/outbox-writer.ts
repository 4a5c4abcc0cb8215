import { createEvent, type EventContract, type McpEvent } from '@mcp/contracts';
import { prepared } from '@mcp/postgres-client';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { eventTraceContextOf, messagingTracer } from '../tracing/event-trace-context';
import { outboxChannelOf } from './outbox-relay';

/** The relay of the writer's own process, as the writer sees it (OutboxRelay). */
export interface LocalOutboxRelay {
  publishesHere(): boolean;
  committedHere(lastEventId: string): void;
}

/**
 * Records an event in the caller's transaction. Nothing reaches Kafka here: the relay publishes
 * after commit, so an event exists if and only if the state change that caused it does.
 *
 * The relay is woken when the rows commit. A NOTIFY in the statement wakes the publisher in another
 * process; when the publisher is this process's own relay, the statement sends none and the relay
 * is told in process once the transaction has committed (docs/decisions.md #130). A NOTIFY takes a
 * lock every notifying commit in the database queues on, and signals every listening relay of
 * every service, whichever channel it listens on.
 */
export class OutboxWriter {
  private readonly tracer: Tracer;
  /** Per open transaction that wrote rows without a notice: the last event it wrote. */
  private readonly wakeAfterCommit = new WeakMap<QueryRunner, string>();

  constructor(
    private readonly schema: string,
    private readonly source: string,
    tracer?: Tracer,
    private readonly local?: { relay: LocalOutboxRelay; dataSource: DataSource },
  ) {
    this.tracer = messagingTracer(tracer);
    if (local) local.dataSource.subscribers.push(this.commitWatcher());
  }

  /** Tells the relay of a commit that wrote rows without a notice; forgets a rolled-back one. */
  private commitWatcher(): EntitySubscriberInterface {
    return {
      afterTransactionCommit: ({ queryRunner }) => {
        // A savepoint released inside the transaction commits nothing yet.
        if (queryRunner.isTransactionActive) return;
        const lastEventId = this.wakeAfterCommit.get(queryRunner);
        if (lastEventId === undefined) return;
        this.wakeAfterCommit.delete(queryRunner);
        this.local?.relay.committedHere(lastEventId);
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.wakeAfterCommit.delete(queryRunner);
      },
    };
  }

  /** One event, in the caller's transaction: `enqueueAll` with a single item. */
  async enqueue<TData>(
    manager: EntityManager,
    contract: EventContract<TData>,
    data: TData,
  ): Promise<McpEvent<TData>> {
    const [event] = await this.enqueueAll(manager, contract, [data]);
    return event;
  }

  /**
   * `enqueue` for many events of one contract in one statement (a batch of decisions announces
   * hundreds of scores, docs/decisions.md #79): the rows go in in the order given, so the relay
   * publishes them in that order. Each event still gets its own creation span.
   */
  async enqueueAll<TData>(
    manager: EntityManager,
    contract: EventContract<TData>,
    dataList: readonly TData[],
  ): Promise<McpEvent<TData>[]> {
    return (await this.enqueueEach(
      manager,
      dataList.map((data) => outboxItem(contract, data)),
    )) as McpEvent<TData>[];
  }

  /**
   * Events of several contracts in one statement, in the order given (docs/decisions.md #108): a
   * batch of scores and their snapshots is one round trip, not one per topic.
   */
  async enqueueEach(manager: EntityManager, items: readonly OutboxItem[]): Promise<McpEvent<unknown>[]> {
    requireTransaction(manager);
    if (items.length === 0) return [];
    const part = this.statementPart(manager, items, { firstParameter: 1 });
    // The CTE inserts every row whatever the outer query reads.
    await part.settle(manager.query(prepared(`WITH inserted AS (${part.insertSql}) ${part.notifySql('inserted')}`), part.parameters));
    return part.events;
  }

  /**
   * The outbox's share of a caller's own statement (docs/decisions.md #114), for a state change
   * written in one round trip with its events: `insertSql` goes in a data-modifying CTE, the outer
   * query must read `notifySql` of that CTE (a SELECT nobody reads is never run), and the caller
   * passes `parameters` from `firstParameter` on and awaits the statement through `settle`. `event`
   * rewrites each row's event in SQL, e.g. to set a number the same statement computes (`from`
   * names the CTE it reads); the event was checked against its contract before, with the value
   * the caller put in its place.
   */
  statementPart(
    manager: EntityManager,
    items: readonly OutboxItem[],
    options: { firstParameter: number; from?: string; event?: (eventColumn: string) => string },
  ): OutboxStatementPart {
    requireTransaction(manager);
    // A span for each event's creation, child of the request or handler that caused it; its context
    // is stored in the row's envelope, so the relay (which runs outside any request) publishes it
    // and the consumer continues this trace however late the event is sent.
    const spans = items.map(({ contract, data }) => {
      const built = createEvent(contract, data, this.source);
      const span = this.tracer.startSpan(`create ${contract.topic}`, {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'create',
          'messaging.destination.name': contract.topic,
          'messaging.message.id': built.id,
          'cloudevents.event_type': built.type,
        },
      });
      const event: McpEvent<unknown> = { ...built, ...eventTraceContextOf(trace.setSpan(context.active(), span)) };
      return { span, event, topic: contract.topic, key: contract.keyOf(data) };
    });
    const [ids, topics, keys, events, channel, notifies] = [0, 1, 2, 3, 4, 5].map((offset) => `$${options.firstParameter + offset}`);
    // Decided now, for this statement: the relay may lose the publisher's lock before the commit,
    // and then another replica's next read publishes the rows (OutboxRelay.committedHere).
    const queryRunner = manager.queryRunner;
    const wakesInProcess = this.local !== undefined && queryRunner !== undefined && this.local.relay.publishesHere();
    return {
      insertSql: `INSERT INTO "${this.schema}"."outbox" (event_id, topic, message_key, event)
         SELECT rows.event_id, rows.topic, rows.message_key, ${options.event ? options.event('rows.event') : 'rows.event'}
         FROM unnest(${ids}::uuid[], ${topics}::text[], ${keys}::text[], ${events}::jsonb[]) WITH ORDINALITY AS rows(event_id, topic, message_key, event, n)${options.from ? `, ${options.from}` : ''}
         ORDER BY rows.n
         RETURNING seq`,
      // Delivered when the transaction commits: it wakes the relay, unless the relay has already read
      // the row it names (the highest seq the statement wrote; the relay's read returns rows in seq
      // order, so with that row it had the statement's others too). Left out when this process's
      // relay publishes (the text stays one prepared statement; the flag is a parameter).
      notifySql: (cte) => `SELECT CASE WHEN ${notifies}::boolean THEN pg_notify(${channel}, max(seq)::text) END FROM ${cte} HAVING count(*) > 0`,
      parameters: [
        spans.map(({ event }) => event.id),
        spans.map(({ topic }) => topic),
        spans.map(({ key }) => key),
        spans.map(({ event }) => JSON.stringify(event)),
        outboxChannelOf(this.schema),
        !wakesInProcess,
      ],
      events: spans.map(({ event }) => event),
      settle: async <T>(statement: Promise<T>): Promise<T> => {
        try {
          const result = await statement;
          if (wakesInProcess && queryRunner && spans.length > 0) this.wakeAfterCommit.set(queryRunner, spans[spans.length - 1].event.id);
          return result;
        } catch (error) {
          for (const { span } of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          for (const { span } of spans) span.end();
        }
      },
    };
  }
}

/** What `statementPart` gives a caller that writes its events in its own statement. */
export interface OutboxStatementPart {
  /** `INSERT … RETURNING seq` of the rows, for a data-modifying CTE. */
  insertSql: string;
  /** A SELECT that NOTIFYs the relay (unless this process's relay publishes), naming the highest seq, if the named CTE (the insert's) wrote a row. */
  notifySql: (cte: string) => string;
  /** The insert's and the notify's parameters, numbered from `firstParameter`. */
  parameters: unknown[];
  /** The events as built and checked (before any rewrite in SQL). */
  events: McpEvent<unknown>[];
  /** Awaits the statement that carries the part, then ends the events' creation spans (with its error if it failed). */
  settle: <T>(statement: Promise<T>) => Promise<T>;
}

/** One event for `enqueueEach`: its contract and its data, checked against each other. */
export interface OutboxItem {
  contract: EventContract<unknown>;
  data: unknown;
}

export function outboxItem<TData>(contract: EventContract<TData>, data: TData): OutboxItem {
  return { contract: contract as EventContract<unknown>, data };
}

function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('OutboxWriter.enqueue must run inside the transaction of the state change');
  }
}
