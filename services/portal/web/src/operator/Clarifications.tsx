import { api } from '../api/client';
import type { ClarificationThreadSummaryView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ClarificationThread } from '../shell/ClarificationThread';
import { formatDateTime, type Zone } from '../shell/format';
import { ErrorNotice, Section, useAsync } from '../shell/ui';

/**
 * The verifiers' questions about this Pemda's documents, the ones waiting for an answer first.
 * Nothing shows while there are none: most Pemda never get a question.
 */
export function Clarifications(props: { pemdaCode: string; year: number; zone: Zone; canWrite: boolean; itemName: (subIndicatorCode: string) => string | undefined }) {
  const { pemdaCode, year, zone, canWrite, itemName } = props;
  const { t, locale } = useI18n();
  const threads = useAsync(
    (signal) => api<ClarificationThreadSummaryView[]>(`/api/verification/v1/pemda/${encodeURIComponent(pemdaCode)}/clarifications`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  if (threads.error) return <ErrorNotice error={threads.error} onRetry={threads.reload} />;
  const list = [...(threads.data ?? [])].sort((a, b) => Number(b.lastAuthorSide === 'verifier') - Number(a.lastAuthorSide === 'verifier'));
  if (list.length === 0) return null;
  return (
    <Section id="clarifications" title={t('clarification.pemdaTitle')}>
      <p className="small muted">{t('clarification.pemdaExplain')}</p>
      {list.map((summary) => {
        const waiting = summary.lastAuthorSide === 'verifier';
        return (
          <details key={summary.taskId} className="clarification-item" open={waiting}>
            <summary>
              <strong>{summary.subIndicatorCode}</strong> {itemName(summary.subIndicatorCode) ?? ''} ·{' '}
              <span className={waiting ? 'badge status-revision_requested' : 'badge status-approved'}>{t(waiting ? 'clarification.waiting' : 'clarification.answered')}</span>{' '}
              <span className="small muted">{t('clarification.messages', { count: summary.messageCount, when: formatDateTime(summary.lastPostedAt, locale, zone) })}</span>
            </summary>
            <ClarificationThread taskId={summary.taskId} side="pemda" canWrite={canWrite} zone={zone} onPosted={threads.reload} />
          </details>
        );
      })}
    </Section>
  );
}
