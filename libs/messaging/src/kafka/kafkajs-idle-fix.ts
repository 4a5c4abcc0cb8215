/**
 * kafkajs 2.2.4 (the last release; the project pins it) re-arms a timer on every connection after
 * each look at its queue of waiting requests, even when nothing waits and nothing is throttled: the
 * delay is then negative, so every connection runs a 1 ms timer loop for ever (tulios/kafkajs#1556,
 * #1704; the fix in #1667 was never released). On an idle platform that loop was most of each
 * service's CPU (docs/decisions.md #86). Here the loop is not re-armed when nothing waits and the
 * connection is not throttled: a request that has to wait re-arms it itself (`push`), and every
 * answered request looks at the queue again, so nothing is left unsent.
 *
 * Each connection also looks for requests past their timeout every 100 ms (10 wake-ups a second
 * per connection, about 100 a second per idle service); once a second is enough for a timeout of
 * 30 s (the default, and what this lib uses): a request given up is noticed at most a second late.
 */
interface InflightRequest {
  sentAt: number;
  requestTimeout: number;
  timeoutRequest(): void;
}

interface RequestQueueInternals {
  pending: unknown[];
  inflight: Map<number, InflightRequest>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  isConnected(): boolean;
  destroy(): void;
  scheduleCheckPendingRequests(this: RequestQueueInternals): void;
  scheduleRequestTimeoutCheck(this: RequestQueueInternals): void;
}

/** How often a connection looks for requests past their timeout (kafkajs: every 100 ms). */
export const REQUEST_TIMEOUT_CHECK_MS = 1_000;

/** The kafkajs version whose internals this was written against. */
export const KAFKAJS_PATCHED_VERSION = '2.2.4';

const PATCHED = Symbol.for('mcp.kafkajs.idle-fix');

// Internal module of kafkajs (no types, not part of its API): loaded with require on purpose.
const requestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals & { [PATCHED]?: true } };
const { version } = require('kafkajs/package.json') as { version: string };

/** Whether the fix is in place (false on another kafkajs version: then it is left alone). */
export function applyKafkajsIdleFix(): boolean {
  const prototype = requestQueue.prototype;
  if (prototype[PATCHED]) return true;
  if (version !== KAFKAJS_PATCHED_VERSION || typeof prototype.scheduleCheckPendingRequests !== 'function' || typeof prototype.scheduleRequestTimeoutCheck !== 'function') {
    return false;
  }
  const original = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  // kafkajs 2.2.4's own method, with the interval as the only change.
  prototype.scheduleRequestTimeoutCheck = function scheduleRequestTimeoutCheck(this: RequestQueueInternals) {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this.requestTimeoutIntervalId = setInterval(() => {
      this.inflight.forEach((request) => {
        if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
      });
      if (!this.isConnected()) this.destroy();
    }, Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS));
  };
  prototype[PATCHED] = true;
  return true;
}

applyKafkajsIdleFix();
