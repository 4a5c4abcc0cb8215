import { useEffect, useRef } from 'react';
import type { LiveEventName, LiveEvents } from './types';

/*
 * One EventSource on /api/live for the whole page, however many screens listen: browsers allow few
 * connections per origin over HTTP/1.1, and the notification stream needs one too. Events say what
 * changed; listeners re-fetch what they show.
 */

type Listener = (data: unknown) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;
let retryTimer: number | undefined;

/**
 * A tab in the background lets go of its streams after a while: over HTTP/1.1 a browser opens at
 * most six connections to the portal, and with two streams a tab, a third tab left open would hold
 * the last of them and every request of every tab would wait. Back in front, the streams open again
 * and each screen reads itself once (what it missed meanwhile).
 */
export const HIDDEN_TAB_GRACE_MS = 30_000;
/** Said on `window` when a background tab lets go of its streams (the notification stream follows it). */
export const STREAMS_LET_GO = 'mcp:streams-let-go';
/** Said on `window` when a tab comes back after its streams were let go. */
export const STREAMS_RESUMED = 'mcp:streams-resumed';
let hiddenTimer: number | undefined;
let letGoWhileHidden = false;

function letGoLater(): void {
  window.clearTimeout(hiddenTimer);
  hiddenTimer = window.setTimeout(() => {
    letGoWhileHidden = true;
    window.clearTimeout(retryTimer);
    source?.close();
    source = null;
    window.dispatchEvent(new Event(STREAMS_LET_GO));
  }, HIDDEN_TAB_GRACE_MS);
}

/** Whether this tab has let go of its streams (a stream opened meanwhile waits for the tab to come back). */
export function streamsLetGo(): boolean {
  return letGoWhileHidden;
}

if (typeof document !== 'undefined') {
  // A tab opened in the background (a link opened with a middle click) never changes visibility first.
  if (document.hidden) letGoLater();
  document.addEventListener('visibilitychange', () => {
    window.clearTimeout(hiddenTimer);
    if (document.hidden) {
      letGoLater();
      return;
    }
    if (!letGoWhileHidden) return;
    letGoWhileHidden = false;
    open();
    window.dispatchEvent(new Event(STREAMS_RESUMED));
  });
}

function dispatch(name: string, event: MessageEvent<string>): void {
  let data: unknown = {};
  try {
    data = JSON.parse(event.data);
  } catch {
    data = {};
  }
  listeners.get(name)?.forEach((listener) => listener(data));
}

function open(): void {
  if (source || listeners.size === 0 || letGoWhileHidden) return;
  const stream = new EventSource('/api/live', { withCredentials: true });
  source = stream;
  for (const name of listeners.keys()) stream.addEventListener(name, (event) => dispatch(name, event as MessageEvent<string>));
  stream.onerror = () => {
    // EventSource retries by itself while CONNECTING; a CLOSED stream (e.g. the BFF answered an
    // error status) is never retried by the browser, so reopen it later.
    if (stream.readyState === EventSource.CLOSED) {
      source = null;
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(open, 5000);
    }
  };
}

function reopen(): void {
  source?.close();
  source = null;
  open();
}

function subscribe(name: string, listener: Listener): () => void {
  const isNewName = !listeners.has(name);
  if (isNewName) listeners.set(name, new Set());
  listeners.get(name)?.add(listener);
  if (!source) open();
  else if (isNewName) source.addEventListener(name, (event) => dispatch(name, event as MessageEvent<string>));
  return () => {
    const set = listeners.get(name);
    set?.delete(listener);
    if (set && set.size === 0) listeners.delete(name);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  };
}

/** Closed on sign-out so the next user does not inherit a stream filtered for the previous one. */
export function closeLive(): void {
  source?.close();
  source = null;
}

export function restartLive(): void {
  reopen();
}

export interface LiveOptions<N extends LiveEventName> {
  /** Which events concern the screen (e.g. its own Pemda); others are ignored before throttling. */
  accept?: (name: N, data: LiveEvents[N]) => boolean;
  /** At most one call per this many milliseconds (the name is older than the throttle). */
  debounceMs?: number;
}

/**
 * Calls `run` at most once per `intervalMs`, with the latest value offered meanwhile. A pending call
 * is not pushed back by newer values: under a steady stream of events (a deadline rush) a debounce
 * would wait for a pause that never comes, and the screen would never refresh.
 */
export function throttleLatest<T>(intervalMs: number, run: (value: T) => void): { offer: (value: T) => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: { value: T } | null = null;
  return {
    offer(value) {
      latest = { value };
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        const offered = latest;
        latest = null;
        if (offered) run(offered.value);
      }, intervalMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      latest = null;
    },
  };
}

/**
 * Calls `handler` for accepted live events. Bursts (a verifier deciding ten items in a minute) are
 * coalesced: the handler runs at most once per `debounceMs`, with the last event accepted by then.
 * When a background tab comes back after letting go of its stream, it runs once without an event
 * (`data` undefined): whatever happened meanwhile is read again.
 */
export function useLive<N extends LiveEventName>(
  eventNames: readonly N[],
  handler: (name: N, data: LiveEvents[N] | undefined) => void,
  options: LiveOptions<N> = {},
): void {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const acceptRef = useRef(options.accept);
  acceptRef.current = options.accept;
  const debounceMs = options.debounceMs ?? 400;
  const key = eventNames.join(',');
  useEffect(() => {
    const pending = throttleLatest<{ name: N; data: LiveEvents[N] }>(debounceMs, ({ name, data }) => handlerRef.current(name, data));
    const unsubscribes = key
      .split(',')
      .filter(Boolean)
      .map((name) =>
        subscribe(name, (data) => {
          const typed = data as LiveEvents[N];
          if (acceptRef.current && !acceptRef.current(name as N, typed)) return;
          pending.offer({ name: name as N, data: typed });
        }),
      );
    const resumed = () => handlerRef.current(key.split(',')[0] as N, undefined);
    window.addEventListener(STREAMS_RESUMED, resumed);
    return () => {
      pending.cancel();
      unsubscribes.forEach((unsubscribe) => unsubscribe());
      window.removeEventListener(STREAMS_RESUMED, resumed);
    };
  }, [key, debounceMs]);
}
