import { applyKafkajsIdleFix } from './kafkajs-idle-fix';

const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
};

function queue(enforceRequestTimeout = false) {
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  return new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout, clientId: 'test', broker: 'b:1', logger });
}

describe('the kafkajs idle fix', () => {
  it('is in place for the pinned kafkajs', () => {
    expect(applyKafkajsIdleFix()).toBe(true);
  });

  it('arms no timer when nothing waits and the connection is not throttled', () => {
    const idle = queue();
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
  });

  it('still looks again for a request that waits, and at the end of a throttle', () => {
    const waiting = queue();
    waiting.pending.push({});
    waiting.scheduleCheckPendingRequests();
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    waiting.destroy();

    const throttled = queue();
    throttled.throttledUntil = Date.now() + 1_000;
    throttled.scheduleCheckPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    throttled.destroy();
  });

  it('looks for timed-out requests once a second, not every 100 ms, and still times them out', () => {
    jest.useFakeTimers();
    try {
      const connection = queue(true);
      let timedOut = 0;
      connection.scheduleRequestTimeoutCheck();
      (connection as unknown as { inflight: Map<number, object> }).inflight.set(1, { sentAt: Date.now(), requestTimeout: 30_000, timeoutRequest: () => (timedOut += 1) });
      expect(jest.getTimerCount()).toBe(1);
      // kafkajs's own 100 ms look would have timed it out at 30.1 s.
      jest.advanceTimersByTime(30_100);
      expect(timedOut).toBe(0);
      jest.advanceTimersByTime(900);
      expect(timedOut).toBe(1);
      connection.destroy();
    } finally {
      jest.useRealTimers();
    }
  });
});
