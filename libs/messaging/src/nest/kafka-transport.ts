import { Logger, type INestApplication } from '@nestjs/common';
import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { EventHandlerRegistry } from '../handlers/event-handler-registry';
import { PartitionBatchMerger } from '../handlers/partition-batch-merger';
import { EventMustWaitError } from '../inbox/event-inbox';
import type { InboundMessage } from '../inbox/inbound-message';
import { PartitionBackoff } from '../inbox/partition-backoff';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { logLevel, Partitioners, type Consumer, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import { FetchRest } from '../kafka/fetch-rest';
import { TimedOffsetCommits } from '../kafka/timed-offset-commits';
import { kafkaConnectionOf, kafkaLogCreator, type KafkaSettings } from '../kafka/kafka-settings';

const transportLogger = new Logger('EventConsumers');

/** NestJS's Kafka transport, configured for our delivery rules (services never see it). */
export function kafkaTransportOptions(settings: KafkaSettings): NonNullable<KafkaOptions['options']> {
  return {
    postfixId: '',
    client: {
      clientId: `${settings.clientId}-consumer`,
      ...kafkaConnectionOf(settings),
      connectionTimeout: 3000,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
    },
    // Only used for request/reply, which MCP does not do; named so kafkajs does not warn about it.
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
    consumer: { groupId: settings.clientId, allowAutoTopicCreation: false },
    // A service that starts for the first time must still see events produced before it existed.
    subscribe: { fromBeginning: true },
    // Keep the value as bytes: the inbox decodes the CloudEvent itself and validates it.
    parser: { keepBinary: true },
    run: { partitionsConsumedConcurrently: 3 },
  };
}

/** kafkajs's own fetch limits (per partition, per fetch), which a consumer without large batches keeps. */
const KAFKAJS_MAX_BYTES_PER_PARTITION = 1024 * 1024;
const KAFKAJS_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Room per record when sizing a fetch for a batch: an MCP event is about 1.4 KB on the wire
 * (CloudEvents headers and JSON data, a decision measured in the scoring bench).
 */
const FETCH_BYTES_PER_EVENT = 2 * 1024;

/**
 * A handler that asks for batches larger than kafkajs's 1 MiB per partition holds (~700 decisions)
 * would never get them: the fetch, not the slice, would cut them. The consumer then fetches up to
 * that many records per partition, for as many partitions as it consumes at once
 * (docs/decisions.md #97). A fetch still answers as soon as the broker has anything (minBytes 1), so
 * this only lets a backlog come in bigger bites; it does not make a quiet topic wait.
 */
export function withFetchesFilling(
  options: NonNullable<KafkaOptions['options']>,
  largestBatch: number,
): NonNullable<KafkaOptions['options']> {
  const maxBytesPerPartition = Math.max(KAFKAJS_MAX_BYTES_PER_PARTITION, largestBatch * FETCH_BYTES_PER_EVENT);
  const partitionsAtOnce = options.run?.partitionsConsumedConcurrently ?? 1;
  return {
    ...options,
    consumer: {
      // Nest's copy of kafkajs's ConsumerConfig; the service's always has its groupId.
      ...(options.consumer as NonNullable<NonNullable<KafkaOptions['options']>['consumer']>),
      maxBytesPerPartition,
      maxBytes: Math.max(KAFKAJS_MAX_BYTES, maxBytesPerPartition * partitionsAtOnce),
    },
  };
}

/**
 * Subscribes the service's consumer group to the topics of its `@HandleEvent` methods and starts
 * consuming. A service (or a CLI context) without handlers starts no consumer at all.
 */
export async function startEventConsumers(
  app: INestApplication,
  settings: KafkaSettings,
  consumption: { lingerMs?: number; commitIntervalMs?: number; mergePartitionBatches?: boolean; mergeTopicBatches?: boolean } = {},
): Promise<void> {
  const registry = app.get(EventHandlerRegistry);
  const topics = registry.topics();
  if (topics.length === 0) return;
  const backoff = app.get(PartitionBackoff);
  const metrics = app.get(MessagingMetrics);
  const options = kafkaTransportOptions(settings);
  const server = new ResilientServerKafka(
    registry.hasBatchHandlers() ? withFetchesFilling(options, registry.largestBatch()) : options,
    registry.hasBatchHandlers()
      ? {
          registry,
          backoff,
          metrics,
          rest: new FetchRest(consumption.lingerMs ?? 0),
          commits: timedCommitsEvery(consumption.commitIntervalMs ?? 0),
          merger: mergerFor(registry, consumption),
        }
      : undefined,
  );
  for (const topic of topics) {
    server.addHandler(topic, (_data: unknown, context: KafkaContext) => dispatchOrWait(registry, backoff, metrics, context), true);
  }
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
}

/** Joins partitions' slices (#116), and with `mergeTopicBatches` the slices of several topics too (#119). */
function mergerFor(
  registry: EventHandlerRegistry,
  { mergePartitionBatches, mergeTopicBatches }: { mergePartitionBatches?: boolean; mergeTopicBatches?: boolean },
): PartitionBatchMerger | undefined {
  if (!mergePartitionBatches) return undefined;
  return mergeTopicBatches
    ? new PartitionBatchMerger((messages, heartbeat) => registry.dispatchTogether(messages, heartbeat), { acrossTopics: true })
    : new PartitionBatchMerger((messages, heartbeat) => registry.dispatchBatch(messages, heartbeat));
}

function timedCommitsEvery(intervalMs: number): TimedOffsetCommits | undefined {
  if (intervalMs <= 0) return undefined;
  return new TimedOffsetCommits(intervalMs, (error) =>
    transportLogger.warn(`offsets not committed yet (${(error as Error).message ?? error}); the next commit takes them`),
  );
}

/** The first wait before the consumer tries the broker again, doubled per failure up to the second. */
const RECONNECT_INITIAL_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;
/** How long close() waits for a connect attempt in flight before disconnecting anyway. */
const CLOSE_WAIT_MS = 10_000;

/** Kafka's topic alphabet, starting with a letter: nothing `JSON.parse` could read (true, false and null aside). */
const PLAIN_TOPIC_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

export function isPlainTopicName(pattern: string): boolean {
  return PLAIN_TOPIC_NAME.test(pattern) && pattern !== 'true' && pattern !== 'false' && pattern !== 'null';
}

/**
 * Nest's Kafka server, except that a broker away does not stop the service (docs/decisions.md #72):
 * `listen` answers at once and the consumer connects, subscribes and joins its group in the
 * background, trying again with a growing wait until the broker answers. Once running, kafkajs
 * restarts a consumer that crashed on a retriable error by itself; one it gives up on (`restart:
 * false`, e.g. a SASL handshake refused while the broker was still starting) is started afresh
 * here, so a returning broker is always picked up without restarting the service.
 */
export class ResilientServerKafka extends ServerKafka {
  /**
   * Given when a handler takes batches (docs/decisions.md #79): the consumer then runs with
   * kafkajs's eachBatch instead of Nest's eachMessage. Without it, Nest's own path is untouched.
   */
  constructor(
    options: NonNullable<KafkaOptions['options']>,
    private readonly batches?: BatchConsumption,
  ) {
    super(options);
  }

  private closed = false;
  /** The one connect loop running, if any: a crash during a reconnect must not start a second. */
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  /** Ends the current wait early; close() calls it so it never waits on a cancelled timer. */
  private wakeUp?: () => void;
  private failures = 0;
  /** A crash reported while the loop was still running: connect once more when it ends. */
  private reconnectWanted = false;

  override async listen(callback: (error?: unknown) => void): Promise<void> {
    this.closed = false;
    callback();
    this.ensureConnecting(0);
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.wakeUp?.();
    // Only while the consumer still runs can it commit what it handled (kafkajs skips a commit
    // after); a slice still under way is read again after the restart. Bounded like the connect.
    const commitsClosed = this.batches?.commits?.close().catch(() => undefined);
    await Promise.race([commitsClosed, new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    // A connect attempt in flight ends within kafkajs's timeouts; do not let a stuck one hold shutdown.
    await Promise.race([this.connecting, new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    await super.close().catch(() => undefined);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    if (!this.batches) return super.bindEvents(consumer);
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    const batches = this.batches;
    batches.rest?.follow(consumer);
    batches.commits?.follow(consumer);
    await consumer.run({
      ...(this.options.run ?? {}),
      // Timed commits replace kafkajs's commit after every partition's batch (docs/decisions.md #111).
      ...(batches.commits ? { autoCommit: false } : {}),
      // Offsets are resolved by hand, only for records whose transaction committed.
      eachBatchAutoResolve: false,
      eachBatch: (payload) =>
        batches.registry.takesBatches(payload.batch.topic)
          ? consumeBatch(batches, consumer, payload)
          : this.consumeOneByOne(payload),
    });
  }

  /**
   * Nest tries `JSON.parse` on every message's pattern (for Kafka, its topic) and catches the
   * SyntaxError a topic name throws: 2.6–6.2% of a consumer's main thread in the rush's profile
   * (docs/decisions.md #93). A plain topic name routes to itself, so only what could be JSON goes
   * the long way; the route is the same either way.
   */
  protected override getRouteFromPattern(pattern: string): string {
    return isPlainTopicName(pattern) ? this.normalizePattern(pattern) : super.getRouteFromPattern(pattern);
  }

  /** A topic without batch handlers in a batch-consuming service: each record as Nest's eachMessage would. */
  private async consumeOneByOne(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      try {
        await this.handleMessage({
          topic: batch.topic,
          partition: batch.partition,
          message,
          heartbeat: payload.heartbeat,
          pause: payload.pause,
        });
      } catch (error) {
        // dispatchOrWait paused the partition and set its resume; the record stays unresolved and is
        // fetched again then. Thrown out of eachBatch, it would count as one of kafkajs's retries of
        // the whole fetch loop: no partition fetched meanwhile, and the sixth in a row (a database
        // outage of a minute or two) restarted the consumer, as consumeBatch already avoids.
        if (!(error instanceof EventMustWaitError)) throw error;
        break;
      }
      payload.resolveOffset(message.offset);
      this.batches?.commits?.handled(batch.topic, batch.partition, message.offset);
      await payload.heartbeat();
    }
    await this.batches?.commits?.commitIfDue();
  }

  override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer;
    if (!consumer) return;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.closed || this.consumer !== consumer) return;
      transportLogger.warn(`Kafka consumer stopped after ${payload.error.message}; starting it again`);
      this.failures += 1;
      this.ensureConnecting(this.nextWaitMs());
    });
  }

  private ensureConnecting(firstWaitMs: number): void {
    if (this.closed) return;
    if (this.connecting) {
      this.reconnectWanted = true;
      return;
    }
    this.reconnectWanted = false;
    this.connecting = this.connectUntilClosed(firstWaitMs).finally(() => {
      this.connecting = undefined;
      if (this.reconnectWanted) this.ensureConnecting(this.nextWaitMs());
    });
  }

  private async connectUntilClosed(firstWaitMs: number): Promise<void> {
    let waitMs = firstWaitMs;
    while (!this.closed) {
      if (waitMs > 0) await this.wait(waitMs);
      if (this.closed) return;
      try {
        // A consumer left from a crash is disconnected before its replacement joins the group.
        await super.close().catch(() => undefined);
        this.client = await this.createClient();
        await this.start(() => undefined);
        if (this.failures > 0) transportLogger.log(`Kafka consumer connected after ${this.failures} failed attempt(s)`);
        this.failures = 0;
        // Closed while connecting: close() may have run before the consumer existed.
        if (this.closed) await super.close().catch(() => undefined);
        return;
      } catch (error) {
        this.failures += 1;
        await super.close().catch(() => undefined);
        if (this.closed) return;
        waitMs = this.nextWaitMs();
        transportLogger.warn(`Kafka consumer could not start (attempt ${this.failures}), retrying in ${waitMs} ms: ${(error as Error).message}`);
      }
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      this.retryTimer = setTimeout(resolve, ms);
      this.retryTimer.unref();
    }).finally(() => {
      this.wakeUp = undefined;
    });
  }

  private nextWaitMs(): number {
    return Math.min(RECONNECT_INITIAL_MS * 2 ** Math.max(0, this.failures - 1), RECONNECT_MAX_MS);
  }
}

/**
 * A transient failure (the inbox's EventMustWaitError) pauses the record's partition, resumes it
 * after the partition's backoff, and rethrows so kafkajs does not mark the record consumed: it is
 * fetched again after the resume (kafkajs's documented pause-on-error pattern). Other partitions
 * keep flowing meanwhile, including the one that brings the reference data an event waits for.
 */
async function dispatchOrWait(
  registry: EventHandlerRegistry,
  backoff: PartitionBackoff,
  metrics: MessagingMetrics,
  context: KafkaContext,
): Promise<unknown> {
  const topic = context.getTopic();
  const partition = context.getPartition();
  try {
    const outcomes = await registry.dispatch(inboundFrom(context));
    backoff.succeeded(topic, partition);
    return outcomes;
  } catch (error) {
    if (!(error instanceof EventMustWaitError)) throw error;
    const consumer = context.getConsumer();
    const waitMs = backoff.nextDelay(topic, partition);
    transportLogger.warn(
      `${error.message}; pausing ${topic}/${partition} at offset ${context.getMessage().offset} for ${waitMs} ms ` +
        `(transient failure ${backoff.failuresOf(topic, partition)} in a row)`,
    );
    consumer.pause([{ topic, partitions: [partition] }]);
    metrics.partitionPauses.inc({ topic });
    // unref: a resume still pending at shutdown must not keep the process alive.
    setTimeout(() => resumeQuietly(consumer, topic, partition), waitMs).unref();
    throw error;
  }
}

export interface BatchConsumption {
  registry: EventHandlerRegistry;
  backoff: PartitionBackoff;
  metrics: MessagingMetrics;
  /**
   * The consumer's rest after a fetch smaller than a slice before it fetches again, once per fetch
   * (docs/decisions.md #108); none fetches again at once.
   */
  rest?: FetchRest;
  /** Commits at most once per interval (docs/decisions.md #111); without it kafkajs commits after every batch. */
  commits?: TimedOffsetCommits;
  /**
   * Joins the slices several partitions hand over at once into one transaction (docs/decisions.md
   * #116); without it each partition's slice is a transaction of its own.
   */
  merger?: PartitionBatchMerger;
}

/**
 * One partition's fetch, in slices of the size its topic's batch handlers ask for (at most
 * MAX_EVENTS_PER_BATCH unless they ask for more): each slice goes to the batch handlers, and its offsets are resolved (and committed, once per
 * interval or by kafkajs after the batch) only after its transaction committed. A transient failure pauses the partition for its backoff and returns
 * without resolving the slice: after the resume the partition is fetched again from the first
 * record not resolved, and the inbox skips what had committed. Returning, not throwing, keeps
 * kafkajs from restarting the consumer (which would forget every pause).
 */
export async function consumeBatch(batches: BatchConsumption, consumer: Consumer, payload: EachBatchPayload): Promise<void> {
  const { batch } = payload;
  const { topic, partition } = batch;
  const sliceSize = batches.registry.sliceSizeOf(topic);
  for (let start = 0; start < batch.messages.length; start += sliceSize) {
    if (!payload.isRunning() || payload.isStale()) return;
    const slice = batch.messages.slice(start, start + sliceSize);
    try {
      const messages = slice.map((message) => inboundOf(topic, partition, message));
      await (batches.merger
        ? batches.merger.handle(messages, payload.heartbeat, sliceSize)
        : batches.registry.dispatchBatch(messages, payload.heartbeat));
    } catch (error) {
      if (!(error instanceof EventMustWaitError)) throw error;
      const waitMs = batches.backoff.nextDelay(topic, partition);
      transportLogger.warn(
        `${error.message}; pausing ${topic}/${partition} at offset ${slice[0].offset} for ${waitMs} ms ` +
          `(transient failure ${batches.backoff.failuresOf(topic, partition)} in a row)`,
      );
      consumer.pause([{ topic, partitions: [partition] }]);
      batches.metrics.partitionPauses.inc({ topic });
      setTimeout(() => resumeQuietly(consumer, topic, partition), waitMs).unref();
      return;
    }
    batches.backoff.succeeded(topic, partition);
    payload.resolveOffset(slice[slice.length - 1].offset);
    if (batches.commits) {
      batches.commits.handled(topic, partition, slice[slice.length - 1].offset);
      await batches.commits.commitIfDue();
    } else {
      await payload.commitOffsetsIfNecessary();
    }
    await payload.heartbeat();
  }
  // Each small batch pays a transaction, its inbox statement and an offset commit: resting after it
  // (once per fetch) lets the next fetch bring more. The first event after a quiet spell is handled
  // before the rest; a backlog (full slices) never rests.
  if (batches.rest && batch.messages.length > 0 && batch.messages.length < sliceSize && payload.isRunning()) {
    await batches.rest.afterSmallBatch();
  }
}

function inboundOf(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return { topic, partition, offset: message.offset, key: message.key, headers: message.headers ?? {}, value: message.value };
}

/**
 * kafkajs restarts a consumer whose handler kept throwing (its retries exhausted), which forgets
 * every pause; a resume that lands during the restart finds no group and throws. Either way the
 * partition is no longer paused, so there is nothing to do.
 */
function resumeQuietly(consumer: Consumer, topic: string, partition: number): void {
  try {
    consumer.resume([{ topic, partitions: [partition] }]);
  } catch (error) {
    transportLogger.debug(`resume of ${topic}/${partition} skipped: ${(error as Error).message}`);
  }
}

function inboundFrom(context: KafkaContext): InboundMessage {
  const message = context.getMessage();
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: message.offset,
    key: message.key,
    headers: (message.headers ?? {}) as Record<string, unknown>,
    value: message.value,
  };
}
