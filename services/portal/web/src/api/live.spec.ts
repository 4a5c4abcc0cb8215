import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { throttleLatest } from './live';

describe('throttleLatest: a screen refreshes at most once per interval, with the latest event', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('coalesces a burst into one call carrying the last value', () => {
    const run = jest.fn<(value: number) => void>();
    const throttle = throttleLatest(1000, run);
    throttle.offer(1);
    throttle.offer(2);
    throttle.offer(3);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000);
    expect(run.mock.calls).toEqual([[3]]);
  });

  it('is not pushed back by a steady stream, as a debounce would be during a deadline rush', () => {
    const run = jest.fn<(value: number) => void>();
    const throttle = throttleLatest(1000, run);
    // An event every 200 ms for 3 s: a debounce would never fire; this fires once a second.
    for (let event = 1; event <= 15; event += 1) {
      throttle.offer(event);
      jest.advanceTimersByTime(200);
    }
    expect(run.mock.calls).toEqual([[5], [10], [15]]);
  });

  it('drops what is pending when the screen goes away', () => {
    const run = jest.fn<(value: string) => void>();
    const throttle = throttleLatest(500, run);
    throttle.offer('a');
    throttle.cancel();
    jest.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
