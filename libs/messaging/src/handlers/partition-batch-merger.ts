import type { InboundMessage } from '../inbox/inbound-message';

/** Handles one list of records (of one topic, or of several with `acrossTopics`; from one or several partitions) in one go. */
export type MergedDispatch = (messages: readonly InboundMessage[], heartbeat: () => Promise<void>) => Promise<void>;

interface Contributor {
  messages: readonly InboundMessage[];
  heartbeat: () => Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Group {
  contributors: Contributor[];
  size: number;
  /** The smallest slice size its contributors' topics ask for: the group never grows past it. */
  maxSize: number;
}

/**
 * Joins the slices of one topic that several partitions hand over at the same moment into one
 * dispatch, so into one inbox transaction (docs/decisions.md #116). kafkajs gives a fetch's batches
 * to `partitionsConsumedConcurrently` workers, which start in the same tick: until now each was a
 * transaction of its own (BEGIN, the inbox's INSERT, the handler's statements, COMMIT) and, in
 * scoring, each took its turn on the national aggregate's row lock. A slice waits one turn of the
 * event loop (`setImmediate`) for others, never for a timer.
 *
 * Each partition keeps its order (its slice is one run of the joined list) and resolves its own
 * offsets after the joined transaction committed; a failure is every contributor's failure, so
 * each pauses or retries its own partition as it did alone, and the inbox skips on the retry what
 * had committed. A group never grows past `maxSize` records (the smallest slice size of its topics):
 * a slice that would pass it waits for the next group.
 *
 * With `acrossTopics` (docs/decisions.md #119) the slices of every topic that arrive in the same turn
 * join one group, so one transaction: a consumer of several topics (reporting takes a decision's
 * verification, its scores and its aggregates) paid one transaction per topic per fetch. The
 * dispatch then gets records of several topics, each topic's in order.
 */
export class PartitionBatchMerger {
  private readonly open = new Map<string, Group>();

  constructor(
    private readonly dispatch: MergedDispatch,
    private readonly options: { acrossTopics?: boolean } = {},
  ) {}

  /** Resolves once the slice's records were handled (with whatever joined them), rejects with the dispatch's error. */
  handle(messages: readonly InboundMessage[], heartbeat: () => Promise<void>, maxSize: number): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const key = this.options.acrossTopics ? '' : messages[0].topic;
    return new Promise<void>((resolve, reject) => {
      let group = this.open.get(key);
      if (group && group.size + messages.length > Math.min(group.maxSize, maxSize)) {
        this.flush(key, group);
        group = undefined;
      }
      if (!group) {
        const created: Group = { contributors: [], size: 0, maxSize };
        this.open.set(key, created);
        setImmediate(() => this.flush(key, created));
        group = created;
      }
      group.contributors.push({ messages, heartbeat, resolve, reject });
      group.size += messages.length;
      group.maxSize = Math.min(group.maxSize, maxSize);
    });
  }

  private flush(key: string, group: Group): void {
    if (this.open.get(key) !== group) return;
    this.open.delete(key);
    const { contributors } = group;
    const messages = contributors.length === 1 ? contributors[0].messages : contributors.flatMap((contributor) => contributor.messages);
    // Any contributor's heartbeat will do: they all belong to the one consumer.
    this.dispatch(messages, contributors[0].heartbeat).then(
      () => contributors.forEach((contributor) => contributor.resolve()),
      (error: unknown) => contributors.forEach((contributor) => contributor.reject(error)),
    );
  }
}
