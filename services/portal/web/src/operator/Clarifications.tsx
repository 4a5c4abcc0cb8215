import { useState } from 'react';
import { api } from '../api/client';
import type { ClarificationThreadSummaryView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ClarificationThread } from '../shell/ClarificationThread';
import { useNewNotice } from '../shell/NotificationBell';
import { formatDateTime, type Zone } from '../shell/format';
import { ErrorNotice, Section, useAsync } from '../shell/ui';

/**
 * The verifiers' questions about this Pemda's documents, the ones waiting for an answer first (the
 * service's order). Nothing shows while there are none: most Pemda never get a question. A thread
 * is read only when opened, so a long list costs one request.
 */
export function Clarifications(props: {
  pemdaCode: string;
  year: number;
  zone: Zone;
  /** Whether this user answers on the item's thread (an OPD operator only on their assignment's). */
  canWrite: (subIndicatorCode: string) => boolean;
  itemName: (subIndicatorCode: string) => string | undefined;
}) {
  const { pemdaCode, year, zone, canWrite, itemName } = props;
  const { t, locale } = useI18n();
  const threads = useAsync(
    (signal) => api<ClarificationThreadSummaryView[]>(`/api/verification/v1/pemda/${encodeURIComponent(pemdaCode)}/clarifications`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  // A verifier's new question (or the first one) reaches this Pemda as a notice: the list is read again.
  useNewNotice(threads.reload);
  // What the reader opened or closed; the rest is open while it waits for an answer. An answered
  // thread stays open after the answer, not collapsing under the reader's eyes.
  // A choice holds for the thread as the reader saw it: a new question opens a closed thread again.
  const [opened, setOpened] = useState<ReadonlyMap<string, { open: boolean; lastPostedAt: string }>>(new Map());
  const setOpen = (summary: ClarificationThreadSummaryView, open: boolean) =>
    setOpened((current) => new Map(current).set(summary.taskId, { open, lastPostedAt: summary.lastPostedAt }));
  const openFor = (summary: ClarificationThreadSummaryView) => {
    const chosen = opened.get(summary.taskId);
    return chosen && (chosen.open || !summary.waitingForPemda || chosen.lastPostedAt === summary.lastPostedAt) ? chosen.open : summary.waitingForPemda;
  };
  // A thread once opened stays mounted when closed again: a draft answer or a send in progress survives.
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
  const markLoaded = (taskId: string) => setLoaded((current) => (current.has(taskId) ? current : new Set(current).add(taskId)));
  if (threads.error) return <ErrorNotice error={threads.error} onRetry={threads.reload} />;
  const list = threads.data ?? [];
  if (list.length === 0) return null;
  return (
    <Section id="clarifications" title={t('clarification.pemdaTitle')}>
      <p className="small muted">{t('clarification.pemdaExplain')}</p>
      {list.map((summary) => {
        const open = openFor(summary);
        const state = summary.waitingForPemda ? 'waiting' : summary.readOnly ? 'closed' : 'answered';
        return (
          <details
            key={summary.taskId}
            className="clarification-item"
            open={open}
            onToggle={(event) => {
              const nowOpen = (event.currentTarget as HTMLDetailsElement).open;
              if (nowOpen !== open) setOpen(summary, nowOpen);
              // Opened now, or closed after having been open (and so mounted): keep it mounted.
              markLoaded(summary.taskId);
            }}
          >
            <summary>
              <strong>{summary.subIndicatorCode}</strong> {itemName(summary.subIndicatorCode) ?? ''} ·{' '}
              <span className={`badge ${BADGE_OF[state]}`}>{t(`clarification.${state}`)}</span>{' '}
              <span className="small muted">
                {t(summary.messageCount === 1 ? 'clarification.oneMessage' : 'clarification.messages', {
                  count: summary.messageCount,
                  when: formatDateTime(summary.lastPostedAt, locale, zone),
                })}
              </span>
            </summary>
            {(open || loaded.has(summary.taskId)) && (
              <ClarificationThread
                taskId={summary.taskId}
                version={`${summary.lastPostedAt} ${summary.taskStatus} ${summary.readOnly}`}
                side="pemda"
                canWrite={canWrite(summary.subIndicatorCode)}
                zone={zone}
                onPosted={() => {
                  // Open as it is now, unless the reader chose otherwise meanwhile.
                  setOpened((current) => (current.has(summary.taskId) ? current : new Map(current).set(summary.taskId, { open: true, lastPostedAt: summary.lastPostedAt })));
                  threads.reload();
                }}
              />
            )}
          </details>
        );
      })}
    </Section>
  );
}

const BADGE_OF = { waiting: 'status-revision_requested', answered: 'status-approved', closed: 'status-empty' } as const;
