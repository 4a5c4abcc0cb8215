import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { ProgressView, QaReviewView, TaskView } from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { Dialog } from '../shell/Dialog';
import { formatDateTime, formatNumber, zoneOfPemda } from '../shell/format';
import { usePemdaLabel } from '../shell/pemda-names';
import { usePersonLabel } from '../shell/people-names';
import { useSession } from '../shell/session';
import { EmptyState, ErrorNotice, Loading, Section, useAsync } from '../shell/ui';
import { EvidenceViewer } from '../verifier/EvidenceViewer';
import { rejectionReasons } from '../verifier/rejection-reasons';

const REVIEW_STATUSES = ['pending', 'confirmed', 'overturned', 'superseded'] as const;
/** One page: pending reviews come oldest first, settled ones most recently reviewed first. */
const REVIEWS_SHOWN = 100;

export default function QaPage() {
  const { t } = useI18n();
  const session = useSession();
  const [status, setStatus] = useState<(typeof REVIEW_STATUSES)[number]>('pending');
  const reviews = useAsync((signal) => api<QaReviewView[]>('/api/verification/v1/qa/reviews', { query: { status, limit: REVIEWS_SHOWN }, signal }), [status]);
  const mayReview = session.user.roles.includes('qa');
  // Said at the page, not in the card: a confirmed or overturned review leaves the pending list at once.
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  // A verdict refused because the review moved on (another reviewer, a newer decision): the list is
  // read again, so the card may go with its dialog; the refusal is said here instead.
  const [refused, setRefused] = useState<{ title: string; error: unknown } | null>(null);
  const refusedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refused) refusedRef.current?.focus();
  }, [refused]);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="eyebrow">{session.user.wilayah ? t('qa.eyebrow', { wilayah: session.user.wilayah }) : t('qa.eyebrowAll')}</p>
          <h1 className="page-title">{t('qa.title')}</h1>
        </div>
        <div className="field inline">
          <label htmlFor="qa-status">{t('qa.status')}</label>
          <select id="qa-status" value={status} onChange={(event) => {
              setStatus(event.target.value as (typeof REVIEW_STATUSES)[number]);
              setDone(null);
              setRefused(null);
            }}>
            {REVIEW_STATUSES.map((option) => (
              <option key={option} value={option}>
                {t(`qaStatus.${option}` as DictKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">{t('qa.explain')}</p>
      {done && (
        <p className="notice notice-success" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      )}
      {refused && (
        <div tabIndex={-1} ref={refusedRef}>
          <p>
            <strong>{refused.title}</strong>
          </p>
          <ErrorNotice error={refused.error} />
        </div>
      )}
      <ErrorNotice error={reviews.error} onRetry={reviews.reload} />
      {reviews.loading && !reviews.data && <Loading />}
      {reviews.data && reviews.data.length === 0 && <EmptyState>{t('qa.none')}</EmptyState>}
      {reviews.data && reviews.data.length >= REVIEWS_SHOWN && (
        <p className="muted">{t(status === 'pending' ? 'qa.firstPending' : 'qa.latestSettled', { count: REVIEWS_SHOWN })}</p>
      )}
      {reviews.data?.map((review) => (
        <ReviewCard
          key={review.id}
          review={review}
          mayReview={mayReview && review.status === 'pending'}
          // The service refuses both (QA_OWN_DECISION, QA_AWAITING_FINAL_DECISION): the card says why instead of offering them.
          blocked={
            review.decision.decidedBy === session.user.subject ? 'ownDecision' : review.decision.outcome === 'revision_requested' ? 'awaitingFinal' : null
          }
          onChanged={(message) => {
            setRefused(null);
            setDone(message);
            reviews.reload();
          }}
          onRefused={(title, error) => {
            setDone(null);
            setRefused({ title, error });
            reviews.reload();
          }}
        />
      ))}
    </div>
  );
}

function ReviewCard(props: {
  review: QaReviewView;
  mayReview: boolean;
  blocked: 'ownDecision' | 'awaitingFinal' | null;
  onChanged: (message: string) => void;
  onRefused: (title: string, error: unknown) => void;
}) {
  const { review, mayReview, blocked, onChanged, onRefused } = props;
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const personLabel = usePersonLabel();
  const decision = review.decision;
  const zone = zoneOfPemda(decision.pemdaCode);
  const [showTask, setShowTask] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [overturnOpen, setOverturnOpen] = useState(false);
  const title = `${decision.subIndicatorCode} · ${pemdaLabel(decision.pemdaCode)} · ${decision.year}`;
  return (
    <Section
      id={`review-${review.id}`}
      title={title}
      actions={
        mayReview &&
        (blocked ? (
          <p className="small muted" data-testid={`review-blocked-${review.id}`}>
            {t(blocked === 'ownDecision' ? 'qa.ownDecision' : 'qa.awaitingFinal')}
          </p>
        ) : (
          <div className="button-row">
            <button type="button" className="button-primary" onClick={() => setConfirmOpen(true)}>
              {t('qa.confirm')}
            </button>
            <button type="button" className="button-danger" onClick={() => setOverturnOpen(true)}>
              {t('qa.overturn')}
            </button>
          </div>
        ))
      }
    >
      <dl className="facts">
        <div>
          <dt>{t('decision.outcome')}</dt>
          <dd>{t(`outcome.${decision.outcome}` as DictKey)}</dd>
        </div>
        <div>
          <dt>{t('item.verified')}</dt>
          <dd>{formatNumber(decision.verifiedValue, locale)}</dd>
        </div>
        <div>
          <dt>{t('qa.decidedBy')}</dt>
          <dd title={decision.decidedBy}>{personLabel(decision.decidedBy)}</dd>
        </div>
        <div>
          <dt>{t('task.when')}</dt>
          <dd>{formatDateTime(decision.decidedAt, locale, zone)}</dd>
        </div>
        <div>
          <dt>{t('qa.status')}</dt>
          <dd>{t(`qaStatus.${review.status}` as DictKey)}</dd>
        </div>
      </dl>
      {(decision.reason ?? decision.note) && <p>{decision.reason ?? decision.note}</p>}
      {review.note && (
        <p className="small">
          {t('qa.reviewNote')}: {review.note} ({review.reviewedBy ? personLabel(review.reviewedBy) : ''})
        </p>
      )}
      <button type="button" className="button-link" aria-expanded={showTask} onClick={() => setShowTask((value) => !value)}>
        {showTask ? t('qa.hideEvidence') : t('qa.showEvidence')}
      </button>
      {showTask && <TaskEvidence taskId={decision.taskId} />}
      <ConfirmDialog
        open={confirmOpen}
        reviewId={review.id}
        onClose={() => setConfirmOpen(false)}
        onDone={() => {
          setConfirmOpen(false);
          onChanged(`${title}: ${t('qa.confirmed')}`);
        }}
        onRefused={(error) => {
          setConfirmOpen(false);
          onRefused(title, error);
        }}
      />
      <OverturnDialog
        open={overturnOpen}
        review={review}
        onClose={() => setOverturnOpen(false)}
        onDone={() => {
          setOverturnOpen(false);
          onChanged(`${title}: ${t('qa.overturned')}`);
        }}
        onRefused={(error) => {
          setOverturnOpen(false);
          onRefused(title, error);
        }}
      />
    </Section>
  );
}

function TaskEvidence({ taskId }: { taskId: string }) {
  const task = useAsync((signal) => api<TaskView>(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}`, { signal }), [taskId]);
  if (task.loading && !task.data) return <Loading />;
  if (!task.data) return <ErrorNotice error={task.error} />;
  const latest = task.data.evidence[task.data.evidence.length - 1];
  return latest ? <EvidenceViewer evidenceId={latest.evidenceId} fileName={latest.fileName} sizeBytes={latest.sizeBytes} /> : null;
}

/** A 409 means the review moved on (reviewed, superseded, waiting for the final decision): the page reloads the list. */
function isStale(cause: unknown): boolean {
  return cause instanceof ApiError && cause.status === 409;
}

function ConfirmDialog(props: { open: boolean; reviewId: string; onClose: () => void; onDone: () => void; onRefused: (error: unknown) => void }) {
  const { open, reviewId, onClose, onDone, onRefused } = props;
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/verification/v1/qa/reviews/${encodeURIComponent(reviewId)}/confirm`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} });
      onDone();
    } catch (cause) {
      if (isStale(cause)) onRefused(cause);
      else setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('qa.confirmTitle')} open={open} onClose={onClose}>
      <div className="field">
        <label htmlFor={`confirm-note-${reviewId}`}>{t('qa.noteOptional')}</label>
        <textarea id={`confirm-note-${reviewId}`} rows={3} maxLength={1500} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      <ErrorNotice error={error} />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void submit()} disabled={busy}>
          {t('qa.confirm')}
        </button>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('action.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function OverturnDialog(props: { open: boolean; review: QaReviewView; onClose: () => void; onDone: () => void; onRefused: (error: unknown) => void }) {
  const { open, review, onClose, onDone, onRefused } = props;
  const { t, locale } = useI18n();
  const decision = review.decision;
  const [outcome, setOutcome] = useState<'approved' | 'rejected'>(decision.outcome === 'approved' ? 'rejected' : 'approved');
  const [value, setValue] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const steps = useAsync(
    async (signal) => {
      if (!open) return [];
      const progress = await api<ProgressView>(`/api/submissions/v1/pemda/${encodeURIComponent(decision.pemdaCode)}/progress`, {
        query: { year: decision.year },
        signal,
      });
      return progress.items.find((item) => item.subIndicatorCode === decision.subIndicatorCode)?.rubricSteps ?? [];
    },
    [open, decision.pemdaCode, decision.year, decision.subIndicatorCode],
  );
  const reasons = useAsync(() => (open ? rejectionReasons() : Promise.resolve([])), [open]);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body =
        outcome === 'approved'
          ? { outcome, verifiedValue: value === '' ? undefined : Number(value), note: note.trim() }
          : { outcome, reasonCode: reasonCode || undefined, note: note.trim() };
      await api(`/api/verification/v1/qa/reviews/${encodeURIComponent(review.id)}/overturn`, { method: 'POST', body });
      onDone();
    } catch (cause) {
      if (isStale(cause)) onRefused(cause);
      else setError(cause);
    } finally {
      setBusy(false);
    }
  };
  const base = `overturn-${review.id}`;
  return (
    <Dialog title={t('qa.overturnTitle')} open={open} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="field">
          <legend>{t('qa.newOutcome')}</legend>
          <label className="radio">
            <input type="radio" name={`${base}-outcome`} checked={outcome === 'approved'} onChange={() => setOutcome('approved')} />{' '}
            {t('outcome.approved')}
          </label>
          <label className="radio">
            <input type="radio" name={`${base}-outcome`} checked={outcome === 'rejected'} onChange={() => setOutcome('rejected')} />{' '}
            {t('outcome.rejected')}
          </label>
        </fieldset>
        {outcome === 'approved' ? (
          <div className="field">
            <label htmlFor={`${base}-value`}>{t('qa.verifiedValue')}</label>
            <select id={`${base}-value`} value={value} onChange={(event) => setValue(event.target.value)} required>
              <option value="">{t('qa.chooseStep')}</option>
              {steps.data?.map((step) => (
                <option key={step} value={String(step)}>
                  {formatNumber(step, locale)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${base}-reason`}>{t('decision.reasonCode')}</label>
            <select id={`${base}-reason`} value={reasonCode} onChange={(event) => setReasonCode(event.target.value)} required>
              <option value="">{t('decision.chooseReason')}</option>
              {reasons.data?.map((reason) => (
                <option key={reason.code} value={reason.code}>
                  {reason.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${base}-note`}>{t('qa.overturnNote')}</label>
          <textarea id={`${base}-note`} rows={3} maxLength={1500} required value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
        {/* Without the steps or the reasons the select above is empty and the form cannot be sent: say why. */}
        <ErrorNotice error={outcome === 'approved' ? steps.error : reasons.error} onRetry={outcome === 'approved' ? steps.reload : reasons.reload} />
        <ErrorNotice error={error} />
        <div className="button-row">
          <button type="submit" className="button-danger" disabled={busy || !note.trim()}>
            {t('qa.overturn')}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
