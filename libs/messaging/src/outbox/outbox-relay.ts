import type { McpEvent } from '@mcp/contracts';
import { Logger } from '@nestjs/common';
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { encodeEvent } from '../kafka/cloud-event-codec';
import { createIdempotentProducer } from '../kafka/kafka-settings';

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  event: McpEvent<unknown>;
}

export interface OutboxRelayOptions {
  schema: string;
  batchSize: number;
  idlePollMs: number;
  sendTimeoutMs?: number;
}

/**
 * Publishes outbox rows in commit order. A transaction-scoped advisory lock lets several replicas
 * run a relay while only one publishes at a time, which keeps per-key order. A crash between send
 * and commit re-sends the batch: delivery is at-least-once and consumers dedupe by event id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly options: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.producer?.disconnect();
  }

  /** Lets a writer in the same process skip the poll delay right after it commits. */
  nudge(): void {
    this.wakeUp?.();
  }

  /** Publishes one batch; returns how many rows went out (0 when idle or another relay holds the lock). */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction((manager) => this.publishLocked(manager));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.publishBatch();
        failures = 0;
        if (published < this.options.batchSize) await this.pause(this.options.idlePollMs);
      } catch (error) {
        failures += 1;
        this.logger.warn(`Outbox relay could not publish (attempt ${failures}): ${(error as Error).message}`);
        await this.pause(Math.min(200 * 2 ** failures, 10_000));
      }
    }
  }

  private async publishLocked(manager: EntityManager): Promise<number> {
    const table = `"${this.options.schema}"."outbox"`;
    const [{ locked }] = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
      [`outbox:${this.options.schema}`],
    );
    if (!locked) return 0;
    const rows: OutboxRow[] = await manager.query(
      `SELECT seq, topic, message_key, event FROM ${table}
       WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [this.options.batchSize],
    );
    if (rows.length === 0) return 0;
    // The producer retries without limit (it is idempotent); the batch waits at most sendTimeoutMs,
    // then rolls back and is tried again, so a broker outage never pins this loop or a shutdown.
    await withTimeout(
      this.producerOrFail().sendBatch({ topicMessages: groupByTopic(rows), acks: -1 }),
      this.options.sendTimeoutMs ?? 30_000,
    );
    await manager.query(`UPDATE ${table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
      rows.map((row) => row.seq),
    ]);
    return rows.length;
  }

  private producerOrFail(): Producer {
    if (!this.producer) throw new Error('Outbox relay has not been started');
    return this.producer;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function groupByTopic(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    const group = byTopic.get(row.topic) ?? { topic: row.topic, messages: [] };
    group.messages.push(encodeEvent(row.event, row.message_key));
    byTopic.set(row.topic, group);
  }
  return [...byTopic.values()];
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka did not acknowledge the batch within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
