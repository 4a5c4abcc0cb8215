import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { STREAMS_LET_GO, STREAMS_RESUMED, streamsLetGo } from '../api/live';
import { useI18n } from '../i18n/i18n';
import { Link } from './router';

/** Unread count, live from the notification service's own stream (`unread` events). */
export function NotificationBell() {
  const { t } = useI18n();
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let cancelled = false;
    api<{ unreadCount: number }>('/api/notification/v1/inbox/unread-count')
      .then((answer) => !cancelled && setUnread(answer.unreadCount))
      .catch(() => undefined);
    // The stream sends the count once on connecting, then at each arrival (notification's inbox
    // controller): every frame after the page's first is a new notice, or a reconnect that may bring some.
    let first = true;
    let stream: EventSource | null = null;
    const connect = () => {
      stream = new EventSource('/api/notification/v1/inbox/stream', { withCredentials: true });
      stream.addEventListener('unread', (event) => {
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as { unreadCount?: number };
          if (typeof data.unreadCount !== 'number') return;
          if (!first) window.dispatchEvent(new Event(NOTICE_ARRIVED));
          first = false;
          setUnread(data.unreadCount);
        } catch {
          // a malformed frame changes nothing; the next one carries the count again
        }
      });
    };
    // A background tab lets go of this stream with the live one (api/live.ts says why).
    const letGo = () => {
      stream?.close();
      stream = null;
    };
    const resume = () => {
      if (!stream) connect();
    };
    // Mounted in a tab that has already let go (e.g. after a sign-in in the background): it waits too.
    if (!streamsLetGo()) connect();
    const onCount = (event: Event) => setUnread((event as CustomEvent<number>).detail);
    window.addEventListener('mcp:unread', onCount);
    window.addEventListener(STREAMS_LET_GO, letGo);
    window.addEventListener(STREAMS_RESUMED, resume);
    return () => {
      cancelled = true;
      letGo();
      window.removeEventListener('mcp:unread', onCount);
      window.removeEventListener(STREAMS_LET_GO, letGo);
      window.removeEventListener(STREAMS_RESUMED, resume);
    };
  }, []);
  const count = unread ?? 0;
  return (
    <Link href="/notifikasi" className="bell" aria-label={t('bell.label', { count })} data-testid="notification-bell">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 && (
        <span className="bell-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}

const NOTICE_ARRIVED = 'mcp:notice-arrived';

/**
 * Calls `onNewNotice` when the signed-in person's inbox receives a notice: pages without a live
 * event of their own (clarification threads, the inbox) read themselves again then.
 */
export function useNewNotice(onNewNotice: () => void): void {
  const ref = useRef(onNewNotice);
  ref.current = onNewNotice;
  useEffect(() => {
    const listener = () => ref.current();
    window.addEventListener(NOTICE_ARRIVED, listener);
    return () => window.removeEventListener(NOTICE_ARRIVED, listener);
  }, []);
}

/** The inbox page tells the bell at once when it marks something read. */
export function announceUnread(count: number): void {
  window.dispatchEvent(new CustomEvent('mcp:unread', { detail: count }));
}
