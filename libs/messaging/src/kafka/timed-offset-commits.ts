import type { Consumer } from 'kafkajs';

interface PendingOffset {
  topic: string;
  partition: number;
  /** The next record to read: the one after the last handled. */
  offset: string;
}

/**
 * Commits a consumer group's offsets at most once per interval, not after every fetch
 * (docs/decisions.md #111). kafkajs's autoCommit sends an OffsetCommit after each partition's batch:
 * in the rush that was 2–3 requests per decision, each a round trip for the service and an append to
 * `__consumer_offsets` for the broker. The offsets are only where a restarted consumer starts: the
 * inbox already skips an event handled before, so an offset committed late costs at most one
 * interval of events read again after a crash or a rebalance, never an event lost.
 *
 * What is handled is committed by the next slice after the interval, or by the timer an interval
 * after the last one (a quiet partition's offset does not stay behind: lag reads zero once idle),
 * before the consumer leaves, and when a rebalance starts. A partition this member no longer holds
 * after a rebalance is dropped, so an old offset is never committed over its new owner's.
 */
export class TimedOffsetCommits {
  private readonly pending = new Map<string, PendingOffset>();
  private consumer?: Consumer;
  private lastCommitAt = Date.now();
  private timer?: NodeJS.Timeout;
  private committing: Promise<void> = Promise.resolve();

  constructor(
    readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Call once per consumer (a reconnect makes a new one). */
  follow(consumer: Consumer): void {
    this.consumer = consumer;
    this.pending.clear();
    consumer.on(consumer.events.REBALANCING, () => void this.flush());
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [key, { topic, partition }] of this.pending) {
        if (!payload.memberAssignment[topic]?.includes(partition)) this.pending.delete(key);
      }
    });
  }

  /** Records that every record of the partition up to `offset` is handled (its transaction committed). */
  handled(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}\u0000${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs).unref();
  }

  /** Commits what is pending if the last commit is an interval old (after each slice). */
  async commitIfDue(): Promise<void> {
    if (Date.now() - this.lastCommitAt >= this.intervalMs) await this.flush();
  }

  /** Commits what is pending now; a failure is reported and the offsets are kept for the next try. */
  flush(): Promise<void> {
    this.committing = this.committing.then(() => this.commitPending());
    return this.committing;
  }

  /** Before the consumer disconnects: what it handled is committed, and no timer outlives it. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  get pendingPartitions(): number {
    return this.pending.size;
  }

  private async commitPending(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.lastCommitAt = Date.now();
    try {
      await consumer.commitOffsets(offsets);
    } catch (error) {
      // Put back what no later record has replaced; the next slice or the timer tries again.
      for (const offset of offsets) {
        const key = `${offset.topic}\u0000${offset.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, offset);
      }
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.intervalMs).unref();
      this.onError(error);
    }
  }
}
