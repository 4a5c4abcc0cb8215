import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import { useLive } from '../api/live';
import type {
  DecisionReceipt,
  DecisionView,
  MyQueueView,
  ProgressView,
  SubmissionItemView,
  TaskHistoryEntryView,
  TaskView,
} from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { Dialog } from '../shell/Dialog';
import { formatDateTime, formatNumber, remaining, zoneOfPemda, zoneOfProvince } from '../shell/format';
import { ClarificationThread } from '../shell/ClarificationThread';
import { usePemdaLabel } from '../shell/pemda-names';
import { usePersonLabel } from '../shell/people-names';
import { setQueryParam, useLocation } from '../shell/router';
import { useSession } from '../shell/session';
import { EmptyState, ErrorNotice, Loading, Section, useAsync, useBefore, useNow } from '../shell/ui';
import { EvidenceViewer } from './EvidenceViewer';
import { rejectionReasons } from './rejection-reasons';

const SHORTCUTS: { keys: string; label: DictKey }[] = [
  { keys: 'n', label: 'shortcut.claim' },
  { keys: '1–9', label: 'shortcut.step' },
  { keys: 's', label: 'shortcut.approve' },
  { keys: 'r', label: 'shortcut.reject' },
  { keys: 'v', label: 'shortcut.revision' },
  { keys: 'e', label: 'shortcut.extend' },
  { keys: '?', label: 'shortcut.help' },
];

const SHORTCUTS_OFF_KEY = 'mcp.verifier.shortcutsOff';

/**
 * Single-key shortcuts can be turned off (WCAG 2.1.4): for speech input a stray word is a keystroke,
 * and "s" records a decision. Kept per browser; on by default, as the help dialog says.
 */
/** The choice made on this page, which wins over storage: a locked-down browser may refuse storage. */
let shortcutsChosen: boolean | undefined;

function shortcutsOn(): boolean {
  if (shortcutsChosen !== undefined) return shortcutsChosen;
  try {
    return window.localStorage.getItem(SHORTCUTS_OFF_KEY) !== '1';
  } catch {
    return true;
  }
}

function useShortcutsSetting(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(shortcutsOn);
  const change = (value: boolean) => {
    shortcutsChosen = value;
    try {
      if (value) window.localStorage.removeItem(SHORTCUTS_OFF_KEY);
      else window.localStorage.setItem(SHORTCUTS_OFF_KEY, '1');
    } catch {
      // Storage refused (a locked-down browser): the choice holds until the page is loaded again.
    }
    setOn(value);
  };
  return [on, change];
}

/** Shortcuts act only when turned on, no field has focus and no dialog is open. */
function useShortcuts(handler: (key: string) => void) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (!shortcutsOn()) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, [contenteditable="true"]') || target.closest('dialog'))) return;
      if (document.querySelector('dialog[open]')) return;
      ref.current(event.key);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

export default function VerifierPage() {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const session = useSession();
  const { query } = useLocation();
  const selectedId = query.get('tugas');
  const queue = useAsync((signal) => api<MyQueueView>('/api/verification/v1/my/tasks', { signal }), []);
  const [claimError, setClaimError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [shortcutsEnabled, setShortcutsEnabled] = useShortcutsSetting();
  const [claiming, setClaiming] = useState(false);
  // A decided or released task leaves with the buttons that did it: focus goes to what happened
  // (the message) or to the list of held tasks, not to the page's top.
  const [finishedRound, setFinishedRound] = useState(0);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (finishedRound === 0) return;
    const target = messageRef.current ?? document.getElementById('my-tasks-title');
    if (target && !target.hasAttribute('tabindex')) target.tabIndex = -1;
    target?.focus();
  }, [finishedRound]);
  // Tasks decided or released here: until the queue's reload arrives they are still listed as claimed,
  // and must not come back as the open task with their buttons live.
  const [finished, setFinished] = useState<ReadonlySet<string>>(new Set());
  const [decisionsRound, setDecisionsRound] = useState(0);
  // Forgotten once the queue no longer lists them as claimed.
  useEffect(() => {
    const listed = queue.data?.claimed;
    if (!listed) return;
    setFinished((ids) => {
      const still = [...ids].filter((id) => listed.some((task) => task.id === id));
      return still.length === ids.size ? ids : new Set(still);
    });
  }, [queue.data]);
  const wilayah = queue.data?.wilayah ?? session.user.wilayah;

  useLive(['evidence.submitted', 'evidence.verified'], () => queue.reload(), {
    accept: (_name, data) => !wilayah || data.wilayah === wilayah,
  });

  // The shortcut bypasses the disabled button: a second "n" before the answer must not claim a second task.
  const claimingNow = useRef(false);
  const claimNext = async () => {
    if (claimingNow.current) return;
    claimingNow.current = true;
    setClaimError(null);
    setMessage(null);
    setClaiming(true);
    try {
      const task = await api<TaskView | undefined>('/api/verification/v1/tasks/claim', { method: 'POST' });
      if (!task) setMessage(t('verifier.queueEmpty'));
      else {
        // A task sent back for revision comes back under the same id once the Pemda uploads again.
        setFinished((ids) => (ids.has(task.id) ? new Set([...ids].filter((id) => id !== task.id)) : ids));
        setQueryParam('tugas', task.id);
      }
      queue.reload();
    } catch (cause) {
      setClaimError(cause);
    } finally {
      claimingNow.current = false;
      setClaiming(false);
    }
  };

  useShortcuts((key) => {
    if (key === 'n') void claimNext();
    if (key === '?') setHelpOpen(true);
  });

  const claimed = (queue.data?.claimed ?? []).filter((task) => !finished.has(task.id));
  const activeId = (selectedId !== null && !finished.has(selectedId) ? selectedId : null) ?? claimed[0]?.id ?? null;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="eyebrow">{t('verifier.eyebrow', { wilayah: wilayah ?? '–' })}</p>
          <h1 className="page-title">{t('verifier.title')}</h1>
        </div>
        <div className="button-row">
          {/* Not a live region: in a deadline rush the count changes every second, and a screen reader
              would read each change over the evidence being verified. It is read when reached. */}
          <span className="queue-count" data-testid="queue-count">
            {t('verifier.openCount', { count: formatNumber(queue.data?.openInWilayah ?? 0, locale) })}
          </span>
          <button type="button" className="button-primary" onClick={() => void claimNext()} disabled={claiming} aria-keyshortcuts="n">
            {t('verifier.claimNext')} <kbd aria-hidden="true">n</kbd>
          </button>
          <button type="button" className="button-secondary" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t('shortcut.title')} <kbd aria-hidden="true">?</kbd>
          </button>
        </div>
      </div>
      <ErrorNotice error={claimError ?? queue.error} />
      {message && (
        <p className="notice" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      <div className="workbench">
        <aside className="workbench-side">
          <Section id="my-tasks" title={t('verifier.myTasks')}>
            {queue.loading && !queue.data && <Loading />}
            {queue.data && claimed.length === 0 && <EmptyState>{t('verifier.noClaimed')}</EmptyState>}
            <ul className="task-list">
              {claimed.map((task) => (
                <li key={task.id}>
                  <button
                    type="button"
                    className={task.id === activeId ? 'task-button active' : 'task-button'}
                    aria-current={task.id === activeId ? 'true' : undefined}
                    onClick={() => setQueryParam('tugas', task.id)}
                  >
                    <strong>{task.subIndicatorCode}</strong>
                    <span>
                      {pemdaLabel(task.pemdaCode)} · {task.year}
                    </span>
                    <span className="small muted">
                      <LeaseText until={task.leaseExpiresAt} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </Section>
          <Section id="next-tasks" title={t('verifier.next')}>
            {queue.data && queue.data.next.length === 0 && <EmptyState>{t('verifier.queueEmpty')}</EmptyState>}
            <ol className="plain-list small">
              {queue.data?.next.map((task) => (
                <li key={task.id}>
                  {task.subIndicatorCode} · {pemdaLabel(task.pemdaCode)} · {t('verifier.deadline')}{' '}
                  {formatDateTime(task.deadline, locale, zoneOfPemda(task.pemdaCode))}
                </li>
              ))}
            </ol>
          </Section>
        </aside>
        <div className="workbench-main">
          {activeId ? (
            <TaskWorkbench
              key={activeId}
              taskId={activeId}
              onChanged={queue.reload}
              onDone={(done) => {
                setMessage(done ?? null);
                setFinished((ids) => new Set([...ids, activeId]));
                setQueryParam('tugas', null);
                queue.reload();
                setFinishedRound((round) => round + 1);
                if (done) setDecisionsRound((round) => round + 1);
              }}
            />
          ) : (
            <Section title={t('verifier.noTaskTitle')}>
              <p>{t('verifier.noTask')}</p>
            </Section>
          )}
        </div>
      </div>
      <MyDecisions round={decisionsRound} />
      <Dialog title={t('shortcut.title')} open={helpOpen} onClose={() => setHelpOpen(false)}>
        <dl className="shortcut-list">
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.keys}>
              <dt>
                <kbd>{shortcut.keys}</kbd>
              </dt>
              <dd>{t(shortcut.label)}</dd>
            </div>
          ))}
        </dl>
        <label className="check">
          <input type="checkbox" checked={shortcutsEnabled} onChange={(event) => setShortcutsEnabled(event.target.checked)} /> {t('shortcut.enabled')}
        </label>
        <p className="small muted">{t('shortcut.enabledHint')}</p>
      </Dialog>
    </div>
  );
}

function LeaseText({ until }: { until: string | null }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const parts = remaining(until, now);
  if (!parts) return null;
  if (parts.past) return <>{t('lease.expired')}</>;
  return <>{t('lease.left', { minutes: parts.days * 1440 + parts.hours * 60 + parts.minutes, seconds: String(parts.seconds).padStart(2, '0') })}</>;
}

/** The item as the Pemda sees it: rubric steps, name and claim (the task view carries none of them). */
async function loadItem(task: TaskView, signal: AbortSignal): Promise<SubmissionItemView | null> {
  const progress = await api<ProgressView>(`/api/submissions/v1/pemda/${encodeURIComponent(task.pemdaCode)}/progress`, {
    query: { year: task.year },
    signal,
  });
  return progress.items.find((item) => item.subIndicatorCode === task.subIndicatorCode) ?? null;
}

function TaskWorkbench({ taskId, onChanged, onDone }: { taskId: string; onChanged: () => void; onDone: (message?: string) => void }) {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const personLabel = usePersonLabel();
  const session = useSession();
  const task = useAsync((signal) => api<TaskView>(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}`, { signal }), [taskId]);
  const item = useAsync((signal) => (task.data ? loadItem(task.data, signal) : Promise.resolve(null)), [task.data?.id, task.data?.year]);
  const history = useAsync(
    (signal) => api<TaskHistoryEntryView[]>(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}/history`, { signal }),
    [taskId],
  );
  const [step, setStep] = useState<number | null>(null);
  const [evidenceIndex, setEvidenceIndex] = useState<number | null>(null);
  const [dialog, setDialogState] = useState<'reject' | 'revision' | null>(null);
  // A dialog opens without the error of an earlier action (a failed extend) shown inside it as its own.
  const setDialog = (next: 'reject' | 'revision' | null) => {
    if (next) setError(null);
    setDialogState(next);
  };
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const data = task.data;
  const steps = item.data?.rubricSteps ?? [];
  const claimedByMe = data?.status === 'claimed' && data.claimedBy === session.user.subject;
  // The service refuses every action once the lease has run out (NOT_CLAIM_HOLDER): the buttons go with it.
  const leaseLive = useBefore(data?.leaseExpiresAt ?? null);
  const holding = claimedByMe && leaseLive;
  // A decision dialog open when the lease runs out closes with the buttons that opened it.
  useEffect(() => {
    if (!holding) setDialogState(null);
  }, [holding]);
  const zone = data ? zoneOfProvince(data.provinceCode) : zoneOfPemda(null);

  // A 403/409 means the task moved on under this page (reassigned, closed, reopened, its evidence
  // changed): read it and the queue again, so the buttons follow what the service now holds.
  const refreshAfterRefusal = (cause: unknown) => {
    if (!(cause instanceof ApiError) || (cause.status !== 403 && cause.status !== 409 && cause.code !== 'EVIDENCE_CHANGED')) return;
    // Pinned by its id: a task that left the claimed list (reassigned) would otherwise unmount this
    // workbench, and its refusal with it, leaving the verifier with no reason given.
    setQueryParam('tugas', taskId);
    task.reload();
    history.reload();
    onChanged();
  };

  /** True when the service did it: a release that failed leaves the task (and its error) on screen. */
  const act = async (path: string, body?: unknown): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await api(path, { method: 'POST', body });
      task.reload();
      history.reload();
      onChanged();
      return true;
    } catch (cause) {
      setError(cause);
      refreshAfterRefusal(cause);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const decide = async (body: Record<string, unknown>) => {
    if (!data) return false;
    setBusy(true);
    setError(null);
    try {
      await api<DecisionReceipt>(`/api/verification/v1/tasks/${encodeURIComponent(data.id)}/decision`, {
        method: 'POST',
        body: { ...body, evidenceChangedAt: data.evidenceChangedAt },
      });
      setDialog(null);
      onDone(t('decision.saved'));
      return true;
    } catch (cause) {
      setError(cause);
      refreshAfterRefusal(cause);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const approve = () => {
    if (step === null) {
      setError(new ApiError(400, 'STEP_REQUIRED', t('decision.stepRequired')));
      return;
    }
    void decide({ outcome: 'approved', verifiedValue: step });
  };

  useShortcuts((key) => {
    if (!holding || busy) return;
    if (/^[1-9]$/.test(key)) {
      const value = steps[Number(key) - 1];
      if (value !== undefined) setStep(value);
    }
    if (key === 's') approve();
    if (key === 'r') setDialog('reject');
    if (key === 'v') setDialog('revision');
    if (key === 'e') void act(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}/extend`);
  });

  if (task.loading && !data) return <Loading />;
  if (!data) return <ErrorNotice error={task.error} onRetry={task.reload} />;

  const evidence = data.evidence;
  const shownIndex = evidenceIndex ?? evidence.length - 1;
  const shown = evidence[shownIndex];

  return (
    <div className="stack">
      <Section
        id="task"
        title={`${item.data?.name ?? data.subIndicatorCode}`}
        actions={
          holding && (
            <div className="button-row">
              <span className="lease" role="timer" aria-live="off">
                <LeaseText until={data.leaseExpiresAt} />
              </span>
              <button type="button" className="button-secondary" onClick={() => void act(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}/extend`)} disabled={busy} aria-keyshortcuts="e">
                {t('lease.extend')} <kbd aria-hidden="true">e</kbd>
              </button>
              <button
                type="button"
                className="button-secondary"
                onClick={() => void act(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}/release`).then((released) => released && onDone())}
                disabled={busy}
              >
                {t('lease.release')}
              </button>
            </div>
          )
        }
      >
        <dl className="facts">
          <div>
            <dt>{t('task.pemda')}</dt>
            <dd>{pemdaLabel(data.pemdaCode)}</dd>
          </div>
          <div>
            <dt>{t('task.sub')}</dt>
            <dd>{data.subIndicatorCode}</dd>
          </div>
          <div>
            <dt>{t('task.claimed')}</dt>
            <dd>{formatNumber(data.claimedValue, locale)}</dd>
          </div>
          <div>
            <dt>{t('task.deadline')}</dt>
            <dd>{formatDateTime(data.deadline, locale, zone)}</dd>
          </div>
          <div>
            <dt>{t('task.waiting')}</dt>
            <dd>{formatDateTime(data.waitingSince, locale, zone)}</dd>
          </div>
          <div>
            <dt>{t('task.rounds')}</dt>
            <dd>{data.revisionRounds}</dd>
          </div>
          <div>
            <dt>{t('task.status')}</dt>
            <dd>{t(`taskStatus.${data.status}` as DictKey)}</dd>
          </div>
        </dl>
        {data.evidenceChangedSinceClaim && <p className="notice notice-warning">{t('task.changed')}</p>}
        {!holding && <p className="notice">{t(claimedByMe ? 'task.leaseRanOut' : 'task.notHolding')}</p>}
      </Section>

      <Section id="evidence" title={t('task.evidence')}>
        {evidence.length === 0 && <EmptyState>{t('item.noFiles')}</EmptyState>}
        {evidence.length > 1 && (
          <div className="tabs" role="group" aria-label={t('task.evidence')}>
            {evidence.map((file, index) => (
              <button
                key={file.evidenceId}
                type="button"
                className="button-secondary small"
                aria-pressed={index === shownIndex}
                onClick={() => setEvidenceIndex(index)}
              >
                {file.fileName}
                {file.withdrawnAt && ` (${t('evidence.withdrawn')})`}
              </button>
            ))}
          </div>
        )}
        {shown && (
          <>
            {shown.withdrawnAt && <p className="notice notice-warning">{t('task.withdrawnFile')}</p>}
            <EvidenceViewer evidenceId={shown.evidenceId} fileName={shown.fileName} sizeBytes={shown.sizeBytes} />
          </>
        )}
      </Section>

      {holding && (
        <Section id="decide" title={t('decision.title')}>
          <fieldset className="rubric">
            <legend>{t('decision.rubric')}</legend>
            {item.loading && !item.data && <Loading />}
            {/* A failed read is said as one, with a retry, not as an item without a rubric. */}
            <ErrorNotice error={item.error} onRetry={item.reload} />
            {!item.loading && !item.error && steps.length === 0 && <p className="notice notice-warning">{t('decision.noRubric')}</p>}
            <div className="button-row">
              {steps.map((value, index) => (
                <button
                  key={value}
                  type="button"
                  className="rubric-step"
                  aria-pressed={step === value}
                  onClick={() => setStep(value)}
                  aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
                >
                  {formatNumber(value, locale)}
                  {index < 9 && <kbd aria-hidden="true">{index + 1}</kbd>}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="button-row">
            <button type="button" className="button-primary" onClick={approve} disabled={busy} aria-keyshortcuts="s">
              {t('decision.approve')} <kbd aria-hidden="true">s</kbd>
            </button>
            <button type="button" className="button-danger" onClick={() => setDialog('reject')} disabled={busy} aria-keyshortcuts="r">
              {t('decision.reject')} <kbd aria-hidden="true">r</kbd>
            </button>
            <button type="button" className="button-secondary" onClick={() => setDialog('revision')} disabled={busy} aria-keyshortcuts="v">
              {t('decision.revision')} <kbd aria-hidden="true">v</kbd>
            </button>
          </div>
          <ErrorNotice error={error} />
        </Section>
      )}
      {!holding && <ErrorNotice error={error} />}

      <Section id="task-clarification" title={t('clarification.title')}>
        <ClarificationThread taskId={data.id} side="verifier" canWrite={holding} zone={zone} onPosted={history.reload} />
      </Section>

      <Section id="task-history" title={t('task.history')}>
        <DecisionList decisions={data.decisions} zone={zone} />
        <ErrorNotice error={history.error} />
        <ol className="timeline">
          {history.data?.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <span className="muted small">{formatDateTime(entry.at, locale, zone)}</span> <strong>{t(`taskHistory.${entry.kind}` as DictKey)}</strong>
              {entry.actor && <span className="small"> · {entry.actor === session.user.subject ? t('historyDetail.you') : personLabel(entry.actor)}</span>}
              {entry.detail && <HistoryDetail kind={entry.kind} detail={entry.detail} zone={zone} me={session.user.subject} />}
            </li>
          ))}
        </ol>
      </Section>

      {/* Keyed by kind: a note typed for a rejection does not carry over into a revision request. */}
      <DecisionDialog key={dialog ?? 'none'} kind={dialog} busy={busy} error={error} onClose={() => setDialog(null)} onSubmit={(body) => void decide(body)} />
    </div>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a history entry's details mean, in the reader's words: a verifier reads "dari budi ke
 * antrean", not `from: budi · to: null`. Identifiers (event, evidence and decision ids) are left
 * out; a detail this page does not know is shown as it is stored, without them.
 */
function HistoryDetail({ kind, detail, zone, me }: { kind: string; detail: Record<string, unknown>; zone: ReturnType<typeof zoneOfPemda>; me: string }) {
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const person = (value: unknown) => (value === me ? t('historyDetail.you') : typeof value === 'string' && value ? personLabel(value) : text(value));
  const parts: (string | undefined)[] = (() => {
    switch (kind) {
      case 'evidence_added':
        return [detail.reopened === true ? t('historyDetail.reopened') : undefined];
      case 'evidence_withdrawn':
        // Kept while someone holds the task (they saw it), or because the task was already past it.
        if (detail.kept === false) return [t('historyDetail.withdrawnRemoved')];
        if (text(detail.holder)) return [t('historyDetail.withdrawnKeptHeld', { holder: person(detail.holder) ?? '' })];
        if (text(detail.taskStatus)) return [t('historyDetail.withdrawnKeptRecorded', { status: t(`taskStatus.${String(detail.taskStatus)}` as DictKey) })];
        return [];
      case 'reassigned':
        return [t('historyDetail.reassigned', { from: person(detail.from) ?? t('historyDetail.queue'), to: person(detail.to) ?? t('historyDetail.queue') })];
      case 'released':
        return [text(detail.holder) ? t('historyDetail.releasedFrom', { holder: person(detail.holder) ?? '' }) : undefined];
      case 'lease_expired':
        return [text(detail.leaseExpiresAt) ? t('historyDetail.leaseEnded', { when: formatDateTime(String(detail.leaseExpiresAt), locale, zone) }) : undefined];
      case 'decided':
        return [
          text(detail.outcome) ? t(`outcome.${String(detail.outcome)}` as DictKey) : undefined,
          text(detail.kind) ? t(`decisionKind.${String(detail.kind)}` as DictKey) : undefined,
        ];
      case 'decision_not_counted':
        // Scoring's own sentence carries ids and a raw instant: the code says it in the reader's words.
        return [detail.reasonCode === 'year_closed' ? t('historyDetail.notCountedYearClosed') : undefined];
      case 'rerouted':
        return [
          t('historyDetail.rerouted', { from: text(detail.from) ?? '–', to: text(detail.to) ?? '–' }),
          text(detail.holder) ? t('historyDetail.releasedFrom', { holder: person(detail.holder) ?? '' }) : undefined,
        ];
      case 'cancelled':
        if (detail.because === 'sub-indicator removed') return [t('historyDetail.subIndicatorRemoved', { revision: String(detail.revision ?? '–') })];
        return [detail.because === 'all evidence withdrawn' ? t('historyDetail.allWithdrawn') : undefined];
      case 'reinstated':
        return [detail.revision !== undefined ? t('historyDetail.reinstated', { revision: String(detail.revision) }) : undefined];
      case 'year_closed':
        return [];
      default:
        return Object.entries(detail)
          .filter(([key, value]) => text(value) !== undefined && !UUID.test(String(value)) && !/Id$/.test(key))
          .map(([key, value]) => `${key}: ${String(value)}`);
    }
  })();
  const shown = parts.filter((part): part is string => Boolean(part));
  return shown.length ? <div className="small muted">{shown.join(' · ')}</div> : null;
}

export function DecisionList({ decisions, zone }: { decisions: DecisionView[]; zone: ReturnType<typeof zoneOfPemda> }) {
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  if (decisions.length === 0) return <p className="muted">{t('decision.none')}</p>;
  return (
    <ul className="plain-list">
      {decisions.map((decision) => (
        <li key={decision.id}>
          <strong>{t(`outcome.${decision.outcome}` as DictKey)}</strong>
          {decision.verifiedValue !== null && <> · {formatNumber(decision.verifiedValue, locale)}</>} · {t(`decisionKind.${decision.kind}` as DictKey)} ·{' '}
          {personLabel(decision.decidedBy)} · {formatDateTime(decision.decidedAt, locale, zone)}
          {(decision.reason ?? decision.note) && <div className="small">{decision.reason ?? decision.note}</div>}
        </li>
      ))}
    </ul>
  );
}

function DecisionDialog(props: {
  kind: 'reject' | 'revision' | null;
  busy: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (body: Record<string, unknown>) => void;
}) {
  const { kind, busy, error, onClose, onSubmit } = props;
  const { t } = useI18n();
  const reasons = useAsync(() => (kind === 'reject' ? rejectionReasons() : Promise.resolve([])), [kind]);
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const submit = () => {
    if (kind === 'reject') onSubmit({ outcome: 'rejected', reasonCode: reasonCode || undefined, note: note.trim() });
    else onSubmit({ outcome: 'revision_requested', note: note.trim() });
  };
  return (
    <Dialog title={kind === 'reject' ? t('decision.rejectTitle') : t('decision.revisionTitle')} open={kind !== null} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {kind === 'reject' && (
          <div className="field">
            <label htmlFor="reject-reason">{t('decision.reasonCode')}</label>
            <select id="reject-reason" value={reasonCode} onChange={(event) => setReasonCode(event.target.value)} required>
              <option value="">{t('decision.chooseReason')}</option>
              {reasons.data?.map((reason) => (
                <option key={reason.code} value={reason.code}>
                  {reason.label}
                </option>
              ))}
            </select>
            <ErrorNotice error={reasons.error} />
          </div>
        )}
        <div className="field">
          <label htmlFor="decision-note">{kind === 'reject' ? t('decision.rejectNote') : t('decision.revisionNote')}</label>
          <textarea id="decision-note" value={note} rows={4} maxLength={1500} required onChange={(event) => setNote(event.target.value)} />
        </div>
        <ErrorNotice error={error} />
        <div className="button-row">
          <button type="submit" className={kind === 'reject' ? 'button-danger' : 'button-primary'} disabled={busy || !note.trim()}>
            {kind === 'reject' ? t('decision.reject') : t('decision.revision')}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Decisions per page of the history. */
const DECISIONS_PAGE = 50;

/** `round` moves with each decision made on this page: the list shows it without a manual refresh. */
function MyDecisions({ round }: { round: number }) {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const decisions = useAsync((signal) => api<DecisionView[]>('/api/verification/v1/my/decisions', { query: { limit: DECISIONS_PAGE }, signal }), [round], {
    keepOnChange: true,
  });
  // Older pages, asked for on request (`before` the last one shown); the first page's refresh drops them.
  const [older, setOlder] = useState<DecisionView[]>([]);
  const [olderDone, setOlderDone] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);
  useEffect(() => {
    setOlder([]);
    setOlderDone(false);
  }, [round]);
  const shown = [...(decisions.data ?? []), ...older];
  const loadOlder = async () => {
    const last = shown[shown.length - 1];
    if (!last) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await api<DecisionView[]>('/api/verification/v1/my/decisions', { query: { limit: DECISIONS_PAGE, before: last.decidedAt } });
      setOlder((rows) => [...rows, ...page]);
      if (page.length < DECISIONS_PAGE) setOlderDone(true);
    } catch (cause) {
      setOlderError(cause);
    } finally {
      setLoadingOlder(false);
    }
  };
  const refresh = () => {
    setOlder([]);
    setOlderDone(false);
    decisions.reload();
  };
  return (
    <Section id="my-decisions" title={t('verifier.myDecisions')} actions={<button type="button" className="button-secondary small" onClick={refresh}>{t('action.refresh')}</button>}>
      <ErrorNotice error={decisions.error} />
      {decisions.data && decisions.data.length === 0 && <EmptyState>{t('decision.none')}</EmptyState>}
      {decisions.data && decisions.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('verifier.myDecisions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('task.when')}</th>
                <th scope="col">{t('task.pemda')}</th>
                <th scope="col">{t('task.sub')}</th>
                <th scope="col">{t('decision.outcome')}</th>
                <th scope="col" className="num">
                  {t('item.verified')}
                </th>
                <th scope="col">{t('decision.reasonCol')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((decision) => (
                <tr key={decision.id}>
                  <td>{formatDateTime(decision.decidedAt, locale, zoneOfPemda(decision.pemdaCode))}</td>
                  <td>{pemdaLabel(decision.pemdaCode)}</td>
                  <td>{decision.subIndicatorCode}</td>
                  <td>
                    {t(`outcome.${decision.outcome}` as DictKey)}
                    {decision.kind !== 'first' && <div className="small muted">{t(`decisionKind.${decision.kind}` as DictKey)}</div>}
                  </td>
                  <td className="num">{formatNumber(decision.verifiedValue, locale)}</td>
                  <td className="small">{decision.reason ?? decision.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorNotice error={olderError} />
      {decisions.data && decisions.data.length >= DECISIONS_PAGE && !olderDone && (
        <button type="button" className="button-secondary" onClick={() => void loadOlder()} disabled={loadingOlder}>
          {t('verifier.olderDecisions')}
        </button>
      )}
    </Section>
  );
}

