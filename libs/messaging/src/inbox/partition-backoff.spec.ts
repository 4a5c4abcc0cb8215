import { PartitionBackoff } from './partition-backoff';

describe('PartitionBackoff', () => {
  const noJitter = () => 0;

  it('doubles the wait per consecutive failure of a partition, up to the maximum', () => {
    const backoff = new PartitionBackoff({ initialMs: 1000, maxMs: 300_000 }, noJitter);
    const waits = Array.from({ length: 12 }, () => backoff.nextDelay('t', 0));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
  });

  it('keeps partitions apart and starts over after a success', () => {
    const backoff = new PartitionBackoff({ initialMs: 100, maxMs: 10_000 }, noJitter);
    backoff.nextDelay('t', 0);
    backoff.nextDelay('t', 0);
    expect(backoff.nextDelay('t', 1)).toBe(100);
    expect(backoff.nextDelay('t', 0)).toBe(400);
    backoff.succeeded('t', 0);
    expect(backoff.failuresOf('t', 0)).toBe(0);
    expect(backoff.nextDelay('t', 0)).toBe(100);
  });

  it('spreads waits below the nominal value, never above it', () => {
    const backoff = new PartitionBackoff({ initialMs: 1000, maxMs: 1000, jitter: 0.2 }, () => 1);
    expect(backoff.nextDelay('t', 0)).toBe(800);
  });

  it('refuses a maximum below the first wait', () => {
    expect(() => new PartitionBackoff({ initialMs: 1000, maxMs: 10 })).toThrow(/initial/);
  });
});
