/**
 * kafkajs 2.2.4 (the last release; the project pins it) re-arms a timer on every connection after
 * each look at its queue of waiting requests, even when nothing waits and nothing is throttled: the
 * delay is then negative, so every connection runs a 1 ms timer loop for ever (tulios/kafkajs#1556,
 * #1704; the fix in #1667 was never released). On an idle platform that loop was most of each
 * service's CPU (docs/decisions.md #86). Here the loop is not re-armed when nothing waits and the
 * connection is not throttled: a request that has to wait re-arms it itself (`push`), and every
 * answered request looks at the queue again, so nothing is left unsent.
 */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(this: RequestQueueInternals): void;
}

/** The kafkajs version whose internals this was written against. */
export const KAFKAJS_PATCHED_VERSION = '2.2.4';

const PATCHED = Symbol.for('mcp.kafkajs.idle-fix');

// Internal module of kafkajs (no types, not part of its API): loaded with require on purpose.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals & { [PATCHED]?: true } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('kafkajs/package.json') as { version: string };

/** Whether the fix is in place (false on another kafkajs version: then it is left alone). */
export function applyKafkajsIdleFix(): boolean {
  const prototype = requestQueue.prototype;
  if (prototype[PATCHED]) return true;
  if (version !== KAFKAJS_PATCHED_VERSION || typeof prototype.scheduleCheckPendingRequests !== 'function') return false;
  const original = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  prototype[PATCHED] = true;
  return true;
}

applyKafkajsIdleFix();
