import { Logger } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { InboxOutcome } from '../inbox/event-inbox';

/** How long a scrape may wait for the broker or the database before that series is left out. */
const COLLECT_TIMEOUT_MS = 3000;

interface OutboxState {
  backlog: number;
  oldestAgeSeconds: number;
}

/**
 * What only the messaging lib can see: consumer lag per group and partition, handler durations,
 * inbox duplicates, dead letters, and the outbox backlog. Counters and histograms are updated as
 * events pass; lag and the outbox are measured when Prometheus scrapes (from the broker's
 * committed offsets and the outbox table), so they are true even right after a restart.
 */
export class MessagingMetrics {
  private readonly logger = new Logger(MessagingMetrics.name);
  readonly handlerDuration: Histogram<'consumer' | 'topic' | 'partition' | 'outcome'>;
  readonly duplicates: Counter<'consumer' | 'topic'>;
  readonly deadLetters: Counter<'topic'>;
  readonly partitionPauses: Counter<'topic'>;
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(private readonly registry: Registry) {
    this.handlerDuration = new Histogram({
      name: 'mcp_event_handler_duration_seconds',
      help: 'Time from receiving a record to its outcome (processed, duplicate, dead-lettered), retries included, per consumer, topic and partition',
      labelNames: ['consumer', 'topic', 'partition', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.duplicates = new Counter({
      name: 'mcp_inbox_duplicates_total',
      help: 'Events skipped because the inbox had already recorded their id for this consumer (redeliveries)',
      labelNames: ['consumer', 'topic'] as const,
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'mcp_dead_letters_total',
      help: 'Records this service parked in <topic>.dlq, by the topic they came from',
      labelNames: ['topic'] as const,
      registers: [registry],
    });
    this.partitionPauses = new Counter({
      name: 'mcp_consumer_partition_pauses_total',
      help: 'Times a partition paused after a transient failure (database or network away, reference data not arrived yet), by topic; such records are retried, never dead-lettered',
      labelNames: ['topic'] as const,
      registers: [registry],
    });
  }

  /** Records one handled record (called by the inbox). */
  observeHandled(consumer: string, topic: string, partition: number, outcome: InboxOutcome, seconds: number): void {
    this.handlerDuration.observe({ consumer, topic, partition: String(partition), outcome }, seconds);
    if (outcome === 'duplicate') this.duplicates.inc({ consumer, topic });
  }

  /**
   * Counters start at 0 for every consumer and topic the service handles: Prometheus's `increase()`
   * cannot see the first increment of a series that is born at 1, so an alert on new dead letters
   * would miss the first one.
   */
  declareConsumers(consumers: { consumer: string; topic: string }[]): void {
    for (const { consumer, topic } of consumers) {
      this.duplicates.inc({ consumer, topic }, 0);
      this.deadLetters.inc({ topic }, 0);
      this.partitionPauses.inc({ topic }, 0);
    }
  }

  /** Outbox rows not yet published and the age of the oldest, read from the table on each scrape. */
  watchOutbox(dataSource: DataSource, schema: string): void {
    // Both gauges are collected at once in a scrape: they share the query in flight.
    let inFlight: Promise<OutboxState | undefined> | undefined;
    const read = () => (inFlight ??= this.outboxState(dataSource, schema).finally(() => (inFlight = undefined)));
    new Gauge({
      name: 'mcp_outbox_backlog',
      help: 'Outbox rows committed but not yet published to Kafka',
      registers: [this.registry],
      async collect() {
        const state = await read();
        if (state) this.set(state.backlog);
      },
    });
    new Gauge({
      name: 'mcp_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when every row is published)',
      registers: [this.registry],
      async collect() {
        const state = await read();
        if (state) this.set(state.oldestAgeSeconds);
      },
    });
  }

  /**
   * Lag of the service's consumer group per topic and partition: the partition's end offset minus
   * the group's committed offset (from the log start while the group has committed nothing), as
   * Kafka's own tools report it.
   */
  watchConsumerLag(kafka: Kafka, groupId: string, topics: string[]): void {
    if (topics.length === 0) return;
    const measure = () => this.measureLag(kafka, groupId, topics);
    new Gauge({
      name: 'mcp_kafka_consumer_lag',
      help: "Records not yet consumed by the service's consumer group, per topic and partition (end offset minus committed offset)",
      labelNames: ['group', 'topic', 'partition'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const lags = await measure();
        for (const lag of lags ?? []) this.set({ group: groupId, topic: lag.topic, partition: String(lag.partition) }, lag.lag);
      },
    });
  }

  /**
   * 1 when the broker answered a metadata request at scrape time, 0 when not. The service keeps
   * serving while Kafka is away (#72), so this, not `up`, is what says the broker is unreachable.
   */
  watchKafkaReachability(isReachable: () => Promise<boolean>): void {
    new Gauge({
      name: 'mcp_kafka_reachable',
      help: 'Whether this service reached a Kafka broker when scraped (1) or not (0); events wait in the outbox meanwhile',
      registers: [this.registry],
      async collect() {
        this.set((await isReachable()) ? 1 : 0);
      },
    });
  }

  async stop(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async outboxState(dataSource: DataSource, schema: string): Promise<OutboxState | undefined> {
    try {
      const [row]: { backlog: number; oldest_age_seconds: number | null }[] = await withTimeout(
        dataSource.query(
          `SELECT count(*)::int AS backlog, extract(epoch FROM now() - min(created_at))::float8 AS oldest_age_seconds
             FROM "${schema}"."outbox" WHERE published_at IS NULL`,
        ),
      );
      return { backlog: row.backlog, oldestAgeSeconds: Math.max(0, row.oldest_age_seconds ?? 0) };
    } catch (error) {
      this.logger.warn(`Outbox metrics not collected: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async measureLag(kafka: Kafka, groupId: string, topics: string[]) {
    try {
      return await withTimeout(
        (async () => {
          const admin = await this.connectedAdmin(kafka);
          const committed = await admin.fetchOffsets({ groupId, topics });
          const lags: { topic: string; partition: number; lag: number }[] = [];
          for (const topic of topics) {
            const ends = await admin.fetchTopicOffsets(topic);
            const groupOffsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
            for (const end of ends) {
              const offset = Number(groupOffsets.find((entry) => entry.partition === end.partition)?.offset ?? -1);
              const from = offset >= 0 ? offset : Number(end.low);
              lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
            }
          }
          return lags;
        })(),
      );
    } catch (error) {
      // Leaves the series out rather than reporting 0: an absent lag is visible, a false 0 is not.
      this.logger.warn(`Consumer lag of ${groupId} not collected: ${(error as Error).message}`);
      await this.stop();
      return undefined;
    }
  }

  private connectedAdmin(kafka: Kafka): Promise<Admin> {
    this.connecting ??= (async () => {
      const admin = kafka.admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${COLLECT_TIMEOUT_MS} ms`)), COLLECT_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
