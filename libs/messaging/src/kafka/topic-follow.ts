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
   * the records published since this call (a second of margin for the producers' clocks).
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
  consumer.on(consumer.events.GROUP_JOIN, () => markReady());
  consumer.on(consumer.events.CRASH, ({ payload }) => onError(payload.error));
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: false });
  const rest = new FetchRest(options.lingerMs ?? 0);
  rest.follow(consumer);
  let listening = !options.startPaused;
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, isRunning }) => {
      // A fetch already under way when the follower paused still arrives: nobody wants it.
      if (listening) {
        for (const message of batch.messages) {
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
  const everyTopic = topics.map((topic) => ({ topic }));
  if (!listening) consumer.pause(everyTopic);
  // One switch at a time, in the order asked: a quick close and reopen must end as the last call said.
  let switching = Promise.resolve();
  return {
    ready,
    listen(wanted: boolean) {
      const since = Date.now() - CLOCK_MARGIN_MS;
      switching = switching.then(async () => {
        if (wanted === listening) return;
        listening = wanted;
        if (!wanted) {
          consumer.pause(everyTopic);
          return;
        }
        try {
          await seekToRecordsSince(kafka, consumer, topics, since);
        } catch (error) {
          // Resuming where it paused is still right, only slower: it fetches the records it skipped.
          onError(error);
        }
        consumer.resume(everyTopic);
      });
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
