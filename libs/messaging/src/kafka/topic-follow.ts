import type { McpEvent } from '@mcp/contracts';
import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { decodeEvent, UndecodableEventError } from './cloud-event-codec';
import { FetchRest } from './fetch-rest';
import { createKafkaClient, type KafkaSettings } from './kafka-settings';

export interface TopicFollower {
  /** Resolves once the follower has its partitions, so events published afterwards reach it. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * For live views (the portal's Server-Sent Events): every replica sees every new event from now
 * on, so each follows in its own throwaway consumer group, commits nothing and deletes the group on
 * stop. Not for anything that must not miss an event: that is `@HandleEvent` with its inbox. An
 * event this code cannot decode is skipped (the durable consumers dead-letter it; a live view
 * only loses a hint to re-fetch). `listening` says whether anyone wants events right now: while it
 * is false a record is not even decoded (the portal with no browser connected, docs/decisions.md #93).
 * `lingerMs` is how long it rests after a fetch that brought events, once per fetch (a live view's
 * hints may come up to that much later); 0, for a measurement, fetches again at once.
 */
export async function followTopics(
  settings: KafkaSettings,
  topics: readonly string[],
  onEvent: (event: McpEvent<unknown>) => void,
  onError: (error: unknown) => void = () => undefined,
  listening: () => boolean = () => true,
  lingerMs = 0,
): Promise<TopicFollower> {
  const kafka = createKafkaClient(settings, '-follow');
  const groupId = `${settings.clientId}-follow-${randomUUID()}`;
  const consumer: Consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => markReady());
  consumer.on(consumer.events.CRASH, ({ payload }) => onError(payload.error));
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: false });
  const rest = new FetchRest(lingerMs);
  rest.follow(consumer);
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, isRunning }) => {
      if (listening()) {
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
  return {
    ready,
    async stop() {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
