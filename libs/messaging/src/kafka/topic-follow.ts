import type { McpEvent } from '@mcp/contracts';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeEvent, UndecodableEventError } from './cloud-event-codec';
import { FetchRest } from './fetch-rest';
import { createKafkaClient, type KafkaSettings } from './kafka-settings';

export interface TopicFollower {
  /** Resolves once the follower has its partitions, so events published afterwards reach it (once listening). */
  readonly ready: Promise<void>;
  /**
   * Starts or stops listening. A follower that stops pauses its partitions: it fetches nothing and
   * decodes nothing. One that starts again skips what was published while nobody listened (a live
   * view wants what happens from now on) and resolves once its partitions are fetched again from
   * the records published since this call (a second of margin for the producers' clocks). It never
   * rejects: a switch that fails (kafkajs restarting the consumer, or after stop) goes to onError.
   */
  listen(listening: boolean): Promise<void>;
  /** Whether its partitions are paused now (nobody listening). */
  readonly paused: boolean;
  stop(): Promise<void>;
}

export interface FollowOptions {
  onError?: (error: unknown) => void;
  /**
   * How long the follower rests after a fetch that brought events, once per fetch (a live view's
   * hints may come up to that much later); 0, for a measurement, fetches again at once.
   */
  lingerMs?: number;
  /** Starts paused, until `listen(true)`: a portal with no browser connected (docs/decisions.md #110). */
  startPaused?: boolean;
}

/** Producers stamp records with their own clock; a record this much "older" than `listen(true)` still counts as new. */
const CLOCK_MARGIN_MS = 1_000;
/**
 * kafkajs sleeps this long between looks at a consumer whose partitions are all paused, so it is
 * also how late the first fetch after `listen(true)` may start; its default (5 s) is too late for a
 * browser that just opened a page. A fetch with nothing to bring is answered after it too.
 */
const MAX_WAIT_MS = 1_000;

/**
 * For live views (the portal's Server-Sent Events): every replica sees every new event from now
 * on, so each follows in its own throwaway consumer group, commits nothing and deletes the group on
 * stop. Not for anything that must not miss an event: that is `@HandleEvent` with its inbox. An
 * event this code cannot decode is skipped (the durable consumers dead-letter it; a live view
 * only loses a hint to re-fetch).
 */
export async function followTopics(
  settings: KafkaSettings,
  topics: readonly string[],
  onEvent: (event: McpEvent<unknown>) => void,
  options: FollowOptions = {},
): Promise<TopicFollower> {
  const onError = options.onError ?? (() => undefined);
  const kafka = createKafkaClient(settings, '-follow');
  const groupId = `${settings.clientId}-follow-${randomUUID()}`;
  const consumer: Consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: MAX_WAIT_MS,
  });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const everyTopic = topics.map((topic) => ({ topic }));
  let listening = !options.startPaused;
  /** Records stamped before this were published while nobody listened: the seek skips them, this guards a seek that failed. */
  let sendFrom = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    markReady();
    // kafkajs keeps pauses in its consumer group, which a restart after a crash makes anew; a join
    // runs before its first fetch, so pausing here keeps a follower nobody listens to quiet throughout.
    try {
      if (!listening) consumer.pause(everyTopic);
    } catch (error) {
      onError(error);
    }
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => onError(payload.error));
  const rest = new FetchRest(options.lingerMs ?? 0);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: false });
    rest.follow(consumer);
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, isRunning }) => {
        // kafkajs drops fetches for paused partitions, but a batch already handed over still comes.
        if (listening) {
          for (const message of batch.messages) {
            if (Number(message.timestamp) < sendFrom) continue;
            try {
              onEvent(decodeEvent(message.headers ?? {}, message.value, message.key));
            } catch (error) {
              if (!(error instanceof UndecodableEventError)) onError(error);
            }
          }
        }
        // A view that can take its hints a little late rests once per fetch: fetching again at once
        // costs the broker and this process a request per event under a steady flow (docs/decisions.md #108).
        if (batch.messages.length > 0 && isRunning()) await rest.afterSmallBatch();
      },
    });
  } catch (error) {
    // The caller tries again with a new follower: this one must not go on in the background.
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  // One switch at a time, in the order asked: a quick close and reopen must end as the last call said.
  let switching = Promise.resolve();
  return {
    ready,
    listen(wanted: boolean) {
      const since = Date.now() - CLOCK_MARGIN_MS;
      switching = switching
        .then(async () => {
          if (wanted === listening) return;
          listening = wanted;
          // Both throw while kafkajs restarts the consumer or after stop(); the next join pauses it if need be.
          if (!wanted) {
            consumer.pause(everyTopic);
            return;
          }
          sendFrom = since;
          try {
            await seekToRecordsSince(kafka, consumer, topics, since);
          } catch (error) {
            // Then it fetches what it skipped, and sends none of it (sendFrom).
            onError(error);
          }
          consumer.resume(everyTopic);
        })
        .catch(onError);
      return switching;
    },
    get paused() {
      return consumer.paused().length > 0;
    },
    async stop() {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

/** Moves every partition to its first record stamped at or after `since` (its end if none is). */
async function seekToRecordsSince(kafka: Kafka, consumer: Consumer, topics: readonly string[], since: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      // kafkajs ignores a seek on a partition this member does not hold; a single-member group holds them all.
      for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, since)) {
        consumer.seek({ topic, partition, offset });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
