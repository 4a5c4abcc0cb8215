import type { Consumer } from 'kafkajs';

/**
 * One rest per fetch, however many partitions it brought (docs/decisions.md #108). kafkajs fetches
 * again only once every batch of the last fetch is handled, and the broker answers a fetch as soon
 * as it holds one record, so under a steady flow each fetch brings an event or two. Resting a few
 * milliseconds after a small batch lets the next fetch bring what arrived meanwhile.
 *
 * The batches of one fetch are handled a few at a time (`partitionsConsumedConcurrently`), so a
 * rest per batch would add up wave after wave. The first small batch of a fetch sets the end of the
 * rest; every later batch of that fetch waits only for what is left of it, usually nothing. A new
 * fetch (kafkajs's FETCH_START) clears it.
 */
export class FetchRest {
  private restUntil?: number;

  constructor(readonly lingerMs: number) {}

  /** Clears the rest whenever `consumer` starts a fetch; call once per consumer (a reconnect makes a new one). */
  follow(consumer: Consumer): void {
    consumer.on(consumer.events.FETCH_START, () => this.fetchStarted());
  }

  fetchStarted(): void {
    this.restUntil = undefined;
  }

  /** After a batch smaller than a slice: waits until this fetch's rest is over (set now by the first such batch). */
  async afterSmallBatch(): Promise<void> {
    if (this.lingerMs <= 0) return;
    const now = Date.now();
    this.restUntil ??= now + this.lingerMs;
    const waitMs = this.restUntil - now;
    if (waitMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
  }
}
