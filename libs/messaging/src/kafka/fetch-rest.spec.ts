import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { FetchRest } from './fetch-rest';

describe('FetchRest (docs/decisions.md #108)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Whether `promise` settles once the microtasks queued so far have run (no timer fires meanwhile). */
  async function settlesWithoutTimers(promise: Promise<unknown>): Promise<boolean> {
    let settled = false;
    void promise.then(() => (settled = true));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    return settled;
  }

  it('rests once per fetch: later batches of the same fetch wait only for what is left of it', async () => {
    const rest = new FetchRest(30);
    const first = rest.afterSmallBatch();
    jest.advanceTimersByTime(20);
    const second = rest.afterSmallBatch();
    expect(await settlesWithoutTimers(first)).toBe(false);
    jest.advanceTimersByTime(10);
    expect(await settlesWithoutTimers(first)).toBe(true);
    expect(await settlesWithoutTimers(second)).toBe(true);
    // Past the end of the rest, another batch of the same fetch does not wait at all.
    expect(await settlesWithoutTimers(rest.afterSmallBatch())).toBe(true);
  });

  it('starts a new rest when the consumer starts its next fetch', async () => {
    const consumer = Object.assign(new EventEmitter(), { events: { FETCH_START: 'consumer.fetch_start' } });
    const rest = new FetchRest(30);
    rest.follow(consumer as unknown as Consumer);
    const first = rest.afterSmallBatch();
    jest.advanceTimersByTime(30);
    expect(await settlesWithoutTimers(first)).toBe(true);
    consumer.emit('consumer.fetch_start', { nodeId: 1 });
    const next = rest.afterSmallBatch();
    expect(await settlesWithoutTimers(next)).toBe(false);
    jest.advanceTimersByTime(30);
    expect(await settlesWithoutTimers(next)).toBe(true);
  });

  it('does not rest without a linger', async () => {
    expect(await settlesWithoutTimers(new FetchRest(0).afterSmallBatch())).toBe(true);
  });
});
