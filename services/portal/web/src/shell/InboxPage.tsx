import { useState } from 'react';
import { api } from '../api/client';
import type { InboxItemView, InboxPageView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatDateTime, zoneOfPemda } from './format';
import { announceUnread, useNewNotice } from './NotificationBell';
import { useSession } from './session';
import { EmptyState, ErrorNotice, Loading, Section, useAsync } from './ui';

export default function InboxPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <InboxPanel />
    </>
  );
}

/** The in-app notifications; also embedded in the Pemda page. */
export function InboxPanel({ compact }: { compact?: boolean }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const zone = zoneOfPemda(session.user.pemdaCode);
  const [older, setOlder] = useState<InboxItemView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const first = useAsync((signal) => api<InboxPageView>('/api/notification/v1/inbox', { query: { limit: compact ? 5 : 20 }, signal }), [compact]);
  // A new notice shows at the top; once older pages are loaded the list stays as read, or the first
  // page's shift would drop the notice between it and the next.
  useNewNotice(() => older.length === 0 && first.reload());
  const items = [...(first.data?.items ?? []), ...older];
  const nextCursor = cursor === undefined ? first.data?.nextCursor : cursor;
  const [readIds, setReadIds] = useState<Set<string>>(new Set());

  const markRead = async (id: string) => {
    try {
      const answer = await api<{ unreadCount: number }>(`/api/notification/v1/inbox/${encodeURIComponent(id)}/read`, { method: 'POST' });
      setReadIds((previous) => new Set(previous).add(id));
      announceUnread(answer.unreadCount);
    } catch (cause) {
      setError(cause);
    }
  };
  const markAll = async () => {
    try {
      await api('/api/notification/v1/inbox/read-all', { method: 'POST' });
      setReadIds(new Set(items.map((item) => item.id)));
      announceUnread(0);
    } catch (cause) {
      setError(cause);
    }
  };
  // One page at a time: a second click before the answer would append the same page twice.
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await api<InboxPageView>('/api/notification/v1/inbox', { query: { limit: 20, before: nextCursor } });
      setOlder((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor);
    } catch (cause) {
      setError(cause);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Section
      id="inbox"
      title={compact ? t('inbox.title') : t('inbox.list')}
      actions={
        <button type="button" className="button-secondary" onClick={() => void markAll()} disabled={items.length === 0}>
          {t('inbox.markAll')}
        </button>
      }
    >
      {first.loading && !first.data && <Loading />}
      <ErrorNotice error={first.error ?? error} />
      {first.data && items.length === 0 && <EmptyState>{t('inbox.empty')}</EmptyState>}
      <ul className="inbox-list">
        {items.map((item) => {
          const unread = !item.readAt && !readIds.has(item.id);
          return (
            <li key={item.id} className={unread ? 'inbox-item unread' : 'inbox-item'}>
              <div>
                <p className="inbox-title">
                  {unread && <span className="badge badge-new">{t('inbox.new')}</span>} <strong>{item.title}</strong>
                </p>
                <p className="inbox-body">{item.body}</p>
                <p className="muted small">{formatDateTime(item.createdAt, locale, zone)}</p>
              </div>
              {unread && (
                <button type="button" className="button-secondary small" onClick={() => void markRead(item.id)} aria-label={`${t('inbox.markRead')}: ${item.title}`}>
                  {t('inbox.markRead')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {!compact && nextCursor && (
        <button type="button" className="button-secondary" onClick={() => void loadMore()} disabled={loadingMore}>
          {t('inbox.more')}
        </button>
      )}
    </Section>
  );
}
