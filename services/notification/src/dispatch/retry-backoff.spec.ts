import { nextAttemptAt } from './retry-backoff';

const policy = { baseMs: 30_000, maxMs: 6 * 3_600_000, maxAttempts: 12 };
const now = new Date('2024-11-30T00:00:00Z');
const delayOf = (attempt: number, random: number) => (nextAttemptAt(policy, attempt, now, () => random)?.getTime() ?? NaN) - now.getTime();

describe('nextAttemptAt', () => {
  it('doubles the delay per attempt, between half and all of it', () => {
    expect([1, 2, 3].map((attempt) => delayOf(attempt, 0))).toEqual([15_000, 30_000, 60_000]);
    expect([1, 2, 3].map((attempt) => delayOf(attempt, 1))).toEqual([30_000, 60_000, 120_000]);
  });

  it('caps the delay, so retries spread over hours, not days', () => {
    expect(delayOf(11, 1)).toBe(6 * 3_600_000);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptAt(policy, 12, now)).toBeNull();
  });
});
