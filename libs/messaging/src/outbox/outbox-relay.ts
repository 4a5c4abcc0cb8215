import type { McpEvent } from '@mcp/contracts';
import { Logger } from '@nestjs/common';
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
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
  /**
   * How long an idle relay waits before looking again without being told. Commits wake it at once
   * (a NOTIFY on `outboxChannelOf(schema)`, written with every outbox row), a new connection looks
   * at once, and a standby replica tries the publisher's lock every `standbyPollMs`, so this is only
   * a safety net, for a connection that broke without telling.
   */
  idlePollMs: number;
  /**
   * How often a standby replica tries to become the publisher (1 s when omitted): it takes over
   * this long at most after the publisher's session ends (docs/decisions.md #124).
   */
  standbyPollMs?: number;
  /**
   * How long the relay waits after sending a batch before it reads the next (docs/decisions.md
   * #108). Each batch is a read, a send and a mark (since #126 carried by the next read); under a
   * steady flow without the wait each one carried an event or two. A notice does not cut it short, the stop does; a full batch (a backlog)
   * and the first event after a quiet spell go out without waiting. None when omitted.
   */
  lingerMs?: number;
  /**
   * How long a sent batch's mark waits for the next read to carry it (docs/decisions.md #126):
   * under a flow of commits the mark is a CTE of that read instead of a statement of its own; after
   * the last batch of a flow it goes alone this long after the send. 200 ms when omitted.
   */
  markDelayMs?: number;
  sendTimeoutMs?: number;
  /** How long a shutdown waits for a batch already handed to Kafka before leaving it to the next start. */
  stopGraceMs?: number;
}

/** The Postgres channel on which a committed outbox row of `schema` wakes the relay. */
export function outboxChannelOf(schema: string): string {
  return `mcp_outbox_${schema}`;
}

/**
 * Publishes outbox rows in commit order. One replica at a time is the publisher: it holds a
 * session-level advisory lock on a connection of its own, so no database transaction stays open
 * while Kafka is slow or away (the rows are read, sent, then marked in short statements: the mark
 * rides on the next read when one follows soon, #126), and a
 * dead publisher's lock goes with its connection. Once it has the lock, the same connection LISTENs
 * for the NOTIFY an outbox insert of another process sends on commit, so the relay wakes on work
 * instead of polling for it; its own process's commits wake it in process, without a NOTIFY (#130).
 * A standby does not listen: it tries the lock on a timer, not on every commit.
 * A crash between send and mark re-sends the batch: delivery is at-least-once and consumers dedupe
 * by event id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private client?: Client;
  private isPublisher = false;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  /** Set by a notice that arrives while a batch is in flight, so the wait after it is skipped. */
  private workPending = true;
  /**
   * The seqs the last read returned. A commit's notice names the highest seq it wrote, and the
   * in-process nudge and the notice of one commit each woke the relay: the second read found
   * nothing (~0.4 empty reads per upload or decision under the rush). A notice for a row already
   * read no longer wakes it.
   */
  private lastRead = new Set<string>();
  /** The event ids the last read returned, for the commits of this process, which send no notice (#130). */
  private lastReadEvents = new Set<string>();
  /** Whether the read is on the wire: a notice that arrives meanwhile is judged by what it returns. */
  private reading = false;
  private noticedDuringRead: string[] = [];
  private committedDuringRead: string[] = [];
  /**
   * Seqs sent to Kafka and not yet marked: the next read marks them in the same statement, or
   * `flushMarks` does once the relay has had nothing to read for `markDelayMs`. Lost in a crash,
   * they are sent again, as a batch sent and not yet marked always was.
   */
  private sentUnmarked: string[] = [];
  /** Called once when the service stops: cuts short the wait for a batch in flight, or the linger after one. */
  private onStop?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly options: OutboxRelayOptions,
  ) {}

  /** False in a command's standalone context (role `cli`), where nothing is relayed. */
  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Starts the loop without waiting for Kafka: the producer connects when there is something to
   * send, and a broker away only leaves the rows in the outbox until it answers (#72).
   */
  async start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops without hanging: a batch waiting on Kafka is given `stopGraceMs`, then left unmarked for
   * the next start to send again (consumers dedupe).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.onStop?.();
    this.wake();
    await this.loop;
    // A clean stop leaves nothing for the next start to send again.
    if (this.client && this.isPublisher) await this.flushMarks(this.client).catch(() => undefined);
    await this.closeConnection();
    await this.dropProducer();
  }

  /**
   * Lets a writer in the same process wake an idle publisher without waiting for the commit's
   * notice. A busy one (reading, sending, lingering) is left to the notice: a nudge cannot say
   * which commit it is for, so acting on it meant one more read, empty when that read had already
   * found the row; the notice names its row and is judged by what the reads returned (#123).
   */
  nudge(): void {
    if (this.isPublisher && this.wakeUp) this.wake();
  }

  /**
   * Whether this relay is the publisher now: a writer of this process then leaves the NOTIFY out of
   * its statement and calls `committedHere` after the commit instead (docs/decisions.md #130).
   */
  publishesHere(): boolean {
    return this.isPublisher && this.running;
  }

  /**
   * A commit of this process that wrote outbox rows without a notice: judged as its notice would be,
   * by the last event it wrote (rows are read in seq order, so a read that returned the last had the
   * others). Should this relay have lost the publisher's lock meanwhile, the new publisher finds
   * the rows on its next read, at the latest after `idlePollMs`; none is lost.
   */
  committedHere(lastEventId: string): void {
    if (this.lastReadEvents.has(lastEventId)) return;
    if (this.reading) {
      this.committedDuringRead.push(lastEventId);
      return;
    }
    this.wake();
  }

  /**
   * A notice names the highest seq its statement wrote (outbox-writer.ts). Postgres sends a notice
   * that arrives during the read after the read's rows, so the rows that read returned decide.
   * A notice without a seq (or from an older writer) always wakes.
   */
  private onNotice(payload: string | undefined): void {
    if (!payload) return this.wake();
    if (this.lastRead.has(payload)) return;
    if (this.reading) {
      this.noticedDuringRead.push(payload);
      return;
    }
    this.wake();
  }

  private wake(): void {
    this.workPending = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const client = await this.connection();
        if (!(await this.becomePublisher(client))) {
          await this.pause(this.options.standbyPollMs ?? 1_000);
          continue;
        }
        this.workPending = false;
        const published = await this.publishBatch(client);
        failures = 0;
        if (published > 0 && published < this.options.batchSize) await this.linger();
        if (published < this.options.batchSize && !this.workPending) await this.rest(client);
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        this.logger.warn(`Outbox relay could not publish (attempt ${failures}): ${(error as Error).message}`);
        // A failure that persists may be a broken session: start the next attempt on a new one.
        if (failures > 1) await this.closeConnection();
        // And on a new producer: the old one may still be retrying the batch that timed out, and a
        // fresh one reconnects to a broker that came back instead of waiting out its backoff.
        await this.dropProducer();
        await this.pause(Math.min(200 * 2 ** failures, 10_000));
      }
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const { url } = this.dataSource.options as { url?: string };
    // keepAlive: a connection that died without a word would keep this relay the publisher in its
    // own eyes, and its process's writers sending no notice (#130), until the kernel gives up on it.
    const client = new Client({ connectionString: url, application_name: `${this.options.schema}-outbox-relay`, keepAlive: true });
    client.on('notification', (notice) => this.onNotice(notice.payload));
    client.on('error', (error) => {
      this.logger.warn(`Outbox relay lost its database connection: ${error.message}`);
      if (this.client === client) this.client = undefined;
      this.isPublisher = false;
      this.wake();
    });
    await client.connect();
    // A published row leaves a dead entry in the partial index of unpublished rows until VACUUM.
    // A bitmap scan (which the planner prefers for the few rows it expects) visits every such
    // entry's heap page on every read: under the rush scoring's read cost 2.3 ms a call and grew
    // with the backlog of dead rows. A plain index scan marks the dead entries it meets, so each read
    // steps over only what was published since the last one (docs/decisions.md #104). This
    // connection runs nothing but the relay's reads and marks.
    await client.query('SET enable_bitmapscan = off');
    // Its only write is the mark after a send (alone, or in the next read). A mark lost in a crash
    // re-sends its batch, which consumers dedupe, so it need not wait for the WAL flush (#108).
    await client.query('SET synchronous_commit = off');
    this.client = client;
    this.isPublisher = false;
    // A notice may have been sent while no connection listened.
    this.workPending = true;
    return client;
  }

  private async becomePublisher(client: Client): Promise<boolean> {
    if (this.isPublisher) return true;
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `outbox:${this.options.schema}`,
    ]);
    if (!rows[0].locked) return false;
    // Only the publisher listens: a standby used to try the lock on every commit's notice, one
    // statement per commit per standby replica while the publisher lived. Rows committed before
    // this LISTEN are read now, as a new publisher looks at once.
    await client.query(`LISTEN "${outboxChannelOf(this.options.schema)}"`);
    this.isPublisher = true;
    this.workPending = true;
    return true;
  }

  /** Publishes one batch; returns how many rows went out. */
  private async publishBatch(client: Client): Promise<number> {
    const table = `"${this.options.schema}"."outbox"`;
    const rows = await this.readUnpublished(client, table);
    if (rows.length === 0) return 0;
    // The producer retries without limit (it is idempotent); the batch waits at most sendTimeoutMs
    // (or less when the service stops), then is tried again, so a broker outage never pins this
    // loop or a shutdown. Meanwhile the rows wait in the outbox: writes keep committing.
    const producer = await this.connectedProducer();
    const sent = producer.sendBatch({ topicMessages: groupByTopic(rows), acks: -1 });
    await this.boundedWait(sent);
    this.sentUnmarked = rows.map((row) => row.seq);
    return rows.length;
  }

  /**
   * Waits for work. Sent rows not yet marked wait `markDelayMs` for the next read to carry their
   * mark; if no notice comes by then, they are marked alone and the relay waits as before.
   */
  private async rest(client: Client): Promise<void> {
    if (this.sentUnmarked.length > 0) {
      await this.pause(Math.min(this.options.markDelayMs ?? 200, this.options.idlePollMs));
      if (this.workPending || !this.running) return;
      await this.flushMarks(client);
      if (this.workPending) return;
    }
    await this.pause(this.options.idlePollMs);
  }

  private async flushMarks(client: Client): Promise<void> {
    if (this.sentUnmarked.length === 0) return;
    const seqs = this.sentUnmarked;
    // Unnamed on purpose: prepared, Postgres settled on a generic plan for `seq = ANY($1)` that cost
    // 7 ms a call against 0.15 as the outbox grew (docs/decisions.md #102).
    await client.query(`UPDATE "${this.options.schema}"."outbox" SET published_at = now() WHERE seq = ANY($1::bigint[])`, [seqs]);
    if (this.sentUnmarked === seqs) this.sentUnmarked = [];
  }

  /** The oldest unpublished rows; a notice that arrived during the read for a row it did not return asks for another. */
  private async readUnpublished(client: Client, table: string): Promise<OutboxRow[]> {
    this.reading = true;
    this.noticedDuringRead = [];
    this.committedDuringRead = [];
    const marking = this.sentUnmarked;
    try {
      // The rows the last batch sent are marked by the same statement; its SELECT sees them as they
      // were before the UPDATE (one snapshot), hence `<> ALL`. Unnamed, as the mark always was (#102).
      const { rows } =
        marking.length === 0
          ? await client.query<OutboxRow>(
              `SELECT seq, topic, message_key, event FROM ${table}
               WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
              [this.options.batchSize],
            )
          : await client.query<OutboxRow>(
              `WITH marked AS (UPDATE ${table} SET published_at = now() WHERE seq = ANY($2::bigint[]))
               SELECT seq, topic, message_key, event FROM ${table}
               WHERE published_at IS NULL AND seq <> ALL($2::bigint[]) ORDER BY seq LIMIT $1`,
              [this.options.batchSize, marking],
            );
      if (this.sentUnmarked === marking) this.sentUnmarked = [];
      this.lastRead = new Set(rows.map((row) => row.seq));
      this.lastReadEvents = new Set(rows.map((row) => row.event.id));
      if (this.noticedDuringRead.some((seq) => !this.lastRead.has(seq))) this.workPending = true;
      if (this.committedDuringRead.some((id) => !this.lastReadEvents.has(id))) this.workPending = true;
      return rows;
    } catch (error) {
      this.workPending = true;
      throw error;
    } finally {
      this.reading = false;
      this.noticedDuringRead = [];
      this.committedDuringRead = [];
    }
  }

  /** `sent`, or a rejection after `sendTimeoutMs`, or `stopGraceMs` after the service begins to stop. */
  private boundedWait<T>(sent: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      const giveUp = (message: string, ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => reject(new Error(message)), ms);
      };
      const sendTimeoutMs = this.options.sendTimeoutMs ?? 30_000;
      giveUp(`Kafka did not acknowledge the batch within ${sendTimeoutMs} ms`, sendTimeoutMs);
      this.onStop = () => giveUp('The service is stopping; the batch is left for the next start', this.options.stopGraceMs ?? 5_000);
      if (!this.running) this.onStop();
    });
    return Promise.race([sent, limit]).finally(() => {
      clearTimeout(timer);
      this.onStop = undefined;
    });
  }

  private async closeConnection(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.isPublisher = false;
    // Ending the session releases the advisory lock: another replica takes over.
    await client?.end().catch(() => undefined);
  }

  /** The producer, connected (within the same bound as a send) when it is not yet. */
  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = createIdempotentProducer(this.kafka);
    try {
      await this.boundedWait(producer.connect());
    } catch (error) {
      producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /** Waits `lingerMs` whatever notices arrive meanwhile; a stop ends the wait. */
  private linger(): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 0;
    if (lingerMs <= 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onStop = undefined;
        resolve();
      }, lingerMs);
      this.onStop = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
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
