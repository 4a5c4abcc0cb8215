export interface PartitionBackoffOptions {
  /** The first wait after a transient failure. */
  initialMs: number;
  /** The longest wait: the doubling stops here ("up to minutes"). */
  maxMs: number;
  /** Spread (0..1) so the replicas of a service do not all retry the database at the same instant. */
  jitter?: number;
}

/**
 * How long a partition waits after its latest transient failure: initial, doubled per consecutive
 * failure, capped at the maximum; back to the start once an event of that partition goes through.
 * Kept per topic-partition, outside the Kafka consumer, so that the doubling survives a consumer
 * restart (kafkajs restarts a consumer whose handler keeps throwing, and forgets its pauses).
 */
export class PartitionBackoff {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly options: PartitionBackoffOptions,
    private readonly random: () => number = Math.random,
  ) {
    if (options.initialMs <= 0 || options.maxMs < options.initialMs) {
      throw new Error(`Partition backoff needs 0 < initial (${options.initialMs}) <= max (${options.maxMs})`);
    }
  }

  /** Records one more failure of the partition and returns how long it must now wait, in ms. */
  nextDelay(topic: string, partition: number): number {
    const key = `${topic}/${partition}`;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    // 2 ** 40 already exceeds any sensible maximum; the exponent is bounded so it stays finite.
    const raw = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(failures - 1, 40));
    const jitter = this.options.jitter ?? 0.2;
    return Math.max(1, Math.round(raw * (1 - jitter * this.random())));
  }

  succeeded(topic: string, partition: number): void {
    this.failures.delete(`${topic}/${partition}`);
  }

  failuresOf(topic: string, partition: number): number {
    return this.failures.get(`${topic}/${partition}`) ?? 0;
  }
}
