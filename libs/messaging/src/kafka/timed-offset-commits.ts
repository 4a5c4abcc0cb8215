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
 * What is handled is committed by the first slice that finds the last commit an interval old, or
 * by a timer an interval after the first offset left waiting (a quiet partition's offset does not
 * stay behind: its lag reads zero a second later), before the consumer leaves, and when a rebalance
 * starts. A partition this member no longer holds after a rebalance is dropped, so its new owner
 * is not set back by this member's pending offsets. kafkajs skips a commit while its consumer is
 * not running (a restart, a stop): those offsets are read again, never lost.
 */
export class TimedOffsetCommits {
  private readonly pending = new Map<string, PendingOffset>();
  private consumer?: Consumer;
  private lastCommitAt = Date.now();
  private timer?: NodeJS.Timeout;
  private committing: Promise<void> = Promise.resolve();
  /** Bumped by a new consumer and by a rebalance: a failed commit puts back only what is still this member's. */
  private assignmentGeneration = 0;
  private closed = false;

  constructor(
    readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Call once per consumer (a reconnect makes a new one). */
  follow(consumer: Consumer): void {
    this.consumer = consumer;
    this.pending.clear();
    this.assignmentGeneration += 1;
    consumer.on(consumer.events.REBALANCING, () => void this.flush());
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignmentGeneration += 1;
      for (const [key, { topic, partition }] of this.pending) {
        if (!payload.memberAssignment[topic]?.includes(partition)) this.pending.delete(key);
      }
    });
  }

  /** Records that every record of the partition up to `offset` is handled (its transaction committed). */
  handled(topic: string, partition: number, offset: string): void {
    // A slice that ends after close() is read again after the restart: its consumer is leaving.
    if (this.closed) return;
    this.pending.set(`${topic}\u0000${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    this.armTimer();
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
    await this.flush();
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  get pendingPartitions(): number {
    return this.pending.size;
  }

  private async commitPending(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    const generation = this.assignmentGeneration;
    this.pending.clear();
    this.lastCommitAt = Date.now();
    try {
      await consumer.commitOffsets(offsets);
    } catch (error) {
      this.onError(error);
      // Put back what no later record has replaced, unless the partitions changed hands meanwhile;
      // the next slice or the timer tries again.
      if (this.closed || generation !== this.assignmentGeneration) return;
      for (const offset of offsets) {
        const key = `${offset.topic}\u0000${offset.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, offset);
      }
      this.armTimer();
    }
  }

  private armTimer(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs).unref();
  }
}
