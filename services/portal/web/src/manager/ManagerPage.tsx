import { useEffect, useRef, useState } from 'react';
import { ApiError, api, upload } from '../api/client';
import {
  WILAYAH,
  type DeadlineExtensionView,
  type FrameworkRevisionView,
  type ImportProblemView,
  type RecipientView,
  type VerifierStats,
  type VerifierWilayahView,
  type WilayahStats,
  type YearStatusView,
} from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { Dialog } from '../shell/Dialog';
import { formatBytes, formatDateTime, formatNumber, offsetOf, WIB, zoneOfPemda } from '../shell/format';
import { usePemdaLabel } from '../shell/pemda-names';
import { usePersonLabel } from '../shell/people-names';
import { PemdaPicker, usePemdaDirectory } from '../shell/PemdaPicker';
import { EmptyState, ErrorNotice, Loading, ProgressBar, Section, useAsync } from '../shell/ui';
import { useYear } from '../shell/year';
import { YearSelect } from '../shell/YearSelect';

export default function ManagerPage() {
  const { t } = useI18n();
  const { year } = useYear();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="eyebrow">{t('manager.eyebrow')}</p>
          <h1 className="page-title">{t('manager.title')}</h1>
        </div>
        <YearSelect />
      </div>
      <Workload />
      <VerifierAssignments />
      {year !== null && <Extensions year={year} />}
      {year !== null && <Frameworks year={year} />}
      {year !== null && <CloseYear year={year} />}
    </div>
  );
}

function duration(seconds: number | null, t: ReturnType<typeof useI18n>['t'], locale: string): string {
  if (seconds === null) return '–';
  if (seconds < 3600) return t('duration.minutes', { value: formatNumber(seconds / 60, locale, 0) });
  if (seconds < 86400) return t('duration.hours', { value: formatNumber(seconds / 3600, locale, 1) });
  return t('duration.days', { value: formatNumber(seconds / 86400, locale, 1) });
}

function Workload() {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const [date, setDate] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const stats = useAsync((signal) => api<WilayahStats[]>('/api/verification/v1/stats/wilayah', { query: { date }, signal }), [date]);
  return (
    <Section
      id="workload"
      title={t('workload.title')}
      actions={
        <div className="field inline">
          <label htmlFor="workload-date">{t('workload.date')}</label>
          <input id="workload-date" type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        </div>
      }
    >
      <ErrorNotice error={stats.error} onRetry={stats.reload} />
      {stats.loading && !stats.data && <Loading />}
      {stats.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('workload.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('header.wilayah')}</th>
                <th scope="col" className="num">{t('workload.open')}</th>
                <th scope="col" className="num">{t('workload.claimed')}</th>
                <th scope="col" className="num">{t('workload.decided')}</th>
                <th scope="col" className="num">{t('workload.median')}</th>
                <th scope="col" className="num">{t('workload.p90')}</th>
                <th scope="col">{t('workload.oldest')}</th>
                <th scope="col"><span className="visually-hidden">{t('workload.verifiers')}</span></th>
              </tr>
            </thead>
            <tbody>
              {stats.data.map((row) => (
                <tr key={row.wilayah}>
                  <th scope="row">{row.wilayah}</th>
                  <td className="num">{formatNumber(row.open, locale)}</td>
                  <td className="num">{formatNumber(row.claimed, locale)}</td>
                  <td className="num">{formatNumber(row.decidedToday, locale)}</td>
                  <td className="num">{duration(row.medianSecondsToDecision, t, locale)}</td>
                  <td className="num">{duration(row.p90SecondsToDecision, t, locale)}</td>
                  <td className="small">
                    {row.oldestWaiting
                      ? `${pemdaLabel(row.oldestWaiting.pemdaCode)} ${row.oldestWaiting.subIndicatorCode} · ${formatDateTime(row.oldestWaiting.waitingSince, locale, zoneOfPemda(row.oldestWaiting.pemdaCode))}`
                      : '–'}
                  </td>
                  <td>
                    <button type="button" className="button-secondary small" aria-expanded={open === row.wilayah} onClick={() => setOpen(open === row.wilayah ? null : row.wilayah)}>
                      {t('workload.verifiers')}
                      <span className="visually-hidden"> {t('header.wilayah')} {row.wilayah}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <VerifierTable wilayah={open} date={date} />}
    </Section>
  );
}

function VerifierTable({ wilayah, date }: { wilayah: string; date: string }) {
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  const stats = useAsync(
    (signal) => api<VerifierStats[]>(`/api/verification/v1/stats/wilayah/${encodeURIComponent(wilayah)}/verifiers`, { query: { date }, signal }),
    [wilayah, date],
  );
  return (
    <div>
      <h3>{t('workload.verifiersOf', { wilayah })}</h3>
      <ErrorNotice error={stats.error} />
      {stats.data && stats.data.length === 0 && <EmptyState>{t('workload.noVerifiers')}</EmptyState>}
      {stats.data && stats.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('workload.verifiersOf', { wilayah })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workload.verifier')}</th>
                <th scope="col" className="num">{t('workload.claimed')}</th>
                <th scope="col" className="num">{t('workload.decided')}</th>
                <th scope="col" className="num">{t('workload.median')}</th>
                <th scope="col" className="num">{t('workload.p90')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.data.map((row) => (
                <tr key={row.verifier}>
                  <th scope="row" title={row.verifier}>{personLabel(row.verifier)}</th>
                  <td className="num">{formatNumber(row.claimed, locale)}</td>
                  <td className="num">{formatNumber(row.decidedToday, locale)}</td>
                  <td className="num">{duration(row.medianSecondsToDecision, t, locale)}</td>
                  <td className="num">{duration(row.p90SecondsToDecision, t, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** What notification answers at most per page of recipients. */
const RECIPIENTS_PAGE = 1000;

/** Every recipient filed with a role, page after page (the list answers 1,000 at a time, by user id). */
async function everyRecipientWithRole(role: string, signal: AbortSignal): Promise<RecipientView[]> {
  const everyone: RecipientView[] = [];
  for (let after: string | undefined; ; ) {
    const page = await api<RecipientView[]>('/api/notification/v1/recipients', { query: { role, after }, signal });
    everyone.push(...page);
    if (page.length < RECIPIENTS_PAGE) return everyone;
    after = page[page.length - 1].userId;
  }
}

function VerifierAssignments() {
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  const list = useAsync((signal) => api<VerifierWilayahView[]>('/api/verification/v1/verifiers/wilayah', { signal }), []);
  // The verifiers and QA reviewers notification has filed (each at their first sign-in), offered as
  // the ID is typed: a move applies to either role (verification's VerifierScopes).
  const verifiers = useAsync(
    (signal) =>
      Promise.all((['verifier', 'qa'] as const).map((role) => everyRecipientWithRole(role, signal))).then((lists) => lists.flat()),
    [],
  );
  const [subject, setSubject] = useState('');
  const [wilayah, setWilayah] = useState<string>('I');
  const [error, setError] = useState<unknown>(null);
  // Said at render time, so the person's name shows once it has arrived.
  const [done, setDone] = useState<{ subject: string; wilayah: string | null } | null>(null);
  // One move at a time, as removal: a second click while the first is on its way would send it again.
  const [assigning, setAssigning] = useState(false);
  const assign = async () => {
    setError(null);
    setDone(null);
    setAssigning(true);
    try {
      await api(`/api/verification/v1/verifiers/${encodeURIComponent(subject.trim())}/wilayah`, { method: 'PUT', body: { wilayah } });
      setDone({ subject: subject.trim(), wilayah });
      list.reload();
    } catch (cause) {
      setError(cause);
    } finally {
      setAssigning(false);
    }
  };
  // One removal at a time: a second click on the same row would only be told it is already gone.
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (who: string) => {
    setError(null);
    setDone(null);
    setRemoving(who);
    try {
      await api(`/api/verification/v1/verifiers/${encodeURIComponent(who)}/wilayah`, { method: 'DELETE' });
      setDone({ subject: who, wilayah: null });
      list.reload();
    } catch (cause) {
      setError(cause);
    } finally {
      setRemoving(null);
    }
  };
  return (
    <Section id="assign" title={t('assign.title')}>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void assign();
        }}
      >
        <div className="field">
          <label htmlFor="assign-subject">{t('assign.subject')}</label>
          <input id="assign-subject" list="assign-subject-known" value={subject} onChange={(event) => setSubject(event.target.value)} required autoComplete="off" />
          <datalist id="assign-subject-known">
            {verifiers.data?.map((person) => {
              // Where a manager moved them wins over the wilayah of their last sign-in.
              const wilayahNow = list.data?.find((assignment) => assignment.subject === person.userId)?.wilayah ?? person.wilayah;
              return (
                <option key={person.userId} value={person.userId}>
                  {[person.name, t(`role.${person.role}` as DictKey), wilayahNow ? `${t('header.wilayah')} ${wilayahNow}` : null].filter(Boolean).join(' · ')}
                </option>
              );
            })}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="assign-wilayah">{t('header.wilayah')}</label>
          <select id="assign-wilayah" value={wilayah} onChange={(event) => setWilayah(event.target.value)}>
            {WILAYAH.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={!subject.trim() || assigning}>
          {t('assign.move')}
        </button>
      </form>
      <ErrorNotice error={error ?? list.error} />
      {done && (
        <p className="notice notice-success" role="status">
          {done.wilayah ? t('assign.done', { subject: personLabel(done.subject), wilayah: done.wilayah }) : t('assign.removed', { subject: personLabel(done.subject) })}
        </p>
      )}
      {list.data && list.data.length === 0 && <EmptyState>{t('assign.none')}</EmptyState>}
      {list.data && list.data.length > 0 && (
        <ul className="plain-list">
          {list.data.map((row) => (
            <li key={row.subject} className="row-between">
              <span>
                <strong title={row.subject}>{personLabel(row.subject)}</strong> → {t('header.wilayah')} {row.wilayah}
                <span className="small muted"> · {personLabel(row.assignedBy)} · {formatDateTime(row.assignedAt, locale, WIB)}</span>
              </span>
              <button
                type="button"
                className="button-secondary small"
                onClick={() => void remove(row.subject)}
                disabled={removing !== null}
                aria-label={`${t('assign.remove')}: ${personLabel(row.subject)}`}
              >
                {t('assign.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Extensions({ year }: { year: number }) {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const personLabel = usePersonLabel();
  const directory = usePemdaDirectory();
  const [pemdaCode, setPemdaCode] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const code = pemdaCode;
  const zone = zoneOfPemda(code);
  // Tagged with its Pemda: while the next Pemda's list loads, the last one's is not shown as its.
  const existing = useAsync(
    async (signal) => ({
      code,
      extensions: code
        ? await api<DeadlineExtensionView[]>(`/api/submissions/v1/pemda/${encodeURIComponent(code)}/deadline-extensions`, { query: { year }, signal })
        : [],
    }),
    [code, year],
  );
  const shownExtensions = existing.data?.code === code ? existing.data.extensions : [];
  const grant = async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      // The service wants an explicit offset; the admin types the time in the Pemda's own zone.
      const iso = `${until.length === 16 ? `${until}:00` : until}${offsetOf(zone)}`;
      const granted = await api<DeadlineExtensionView>(`/api/submissions/v1/pemda/${encodeURIComponent(code)}/deadline-extensions`, {
        method: 'POST',
        body: { year, until: iso, reason: reason.trim() },
      });
      setDone(t('extension.done', { pemda: pemdaLabel(code), until: formatDateTime(granted.until, locale, zone) }));
      setReason('');
      existing.reload();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="extensions" title={t('extension.title')}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void grant();
        }}
      >
        <div className="form-row">
          <fieldset className="field">
            <legend>{t('extension.pemda')}</legend>
            <ErrorNotice error={directory.error} onRetry={directory.reload} />
            <PemdaPicker id="extension-pemda" entries={directory.data ?? []} value={pemdaCode} onChange={setPemdaCode} />
          </fieldset>
          <div className="field">
            <label htmlFor="extension-until">{t('extension.until', { zone: zone.abbreviation })}</label>
            <input id="extension-until" type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} required />
          </div>
        </div>
        <div className="field">
          <label htmlFor="extension-reason">{t('extension.reason')}</label>
          <textarea id="extension-reason" rows={2} minLength={3} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} required />
        </div>
        <button type="submit" className="button-primary" disabled={busy || !code || !until || reason.trim().length < 3}>
          {t('extension.grant')}
        </button>
      </form>
      <ErrorNotice error={error ?? existing.error} />
      {done && <p className="notice notice-success" role="status">{done}</p>}
      {shownExtensions.length > 0 && (
        <>
          <h3>
            {t('deadline.extensions')} · {pemdaLabel(code)}
          </h3>
          <ul className="plain-list">
            {shownExtensions.map((extension) => (
              <li key={extension.id}>
                <strong>{formatDateTime(extension.until, locale, zone)}</strong> · {extension.reason}
                <div className="small muted">{t('deadline.grantedBy', { who: personLabel(extension.grantedBy), when: formatDateTime(extension.grantedAt, locale, zone) })}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function Frameworks({ year }: { year: number }) {
  const { t, locale } = useI18n();
  const revisions = useAsync((signal) => api<FrameworkRevisionView[]>(`/api/scoring/v1/frameworks/${year}/revisions`, { signal }), [year]);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  // A double click would publish once and then answer ALREADY_PUBLISHED under the success notice.
  const [publishing, setPublishing] = useState(false);
  const [problems, setProblems] = useState<ImportProblemView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const importFile = async () => {
    if (!file) return;
    setError(null);
    setProblems(null);
    setDone(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const result = await upload<FrameworkRevisionView>('/api/scoring/v1/frameworks/import', {}, file, setProgress).done;
      setDone(t('framework.imported', { year: result.body.year, revision: result.body.revision }));
      // Each import is a new draft revision: the workbook is let go, so a second click does not make another.
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
      revisions.reload();
    } catch (cause) {
      const listed = cause instanceof ApiError ? (cause.details?.problems as ImportProblemView[] | undefined) : undefined;
      if (listed && listed.length > 0) setProblems(listed);
      setError(cause);
    } finally {
      setProgress(null);
    }
  };

  // A revision that drops sub-indicators cancels their unfinished tasks nationally: it is asked first.
  const [confirmingRemovals, setConfirmingRemovals] = useState<FrameworkRevisionView | null>(null);

  const publish = async (revision: number, confirmRemovedSubIndicators: string[] = []) => {
    setError(null);
    setDone(null);
    setConfirmingRemovals(null);
    setPublishing(true);
    try {
      await api(`/api/scoring/v1/frameworks/${year}/revisions/${revision}/publish`, { method: 'POST', body: { confirmRemovedSubIndicators } });
      setDone(t('framework.published', { year, revision }));
      revisions.reload();
    } catch (cause) {
      setError(cause);
      // Another admin may have published meanwhile: the list (and what a draft drops) is stale.
      revisions.reload();
    } finally {
      setPublishing(false);
    }
  };

  return (
    <Section id="frameworks" title={t('framework.title')}>
      <p className="muted small">{t('framework.explain')}</p>
      <div className="form-row">
        <input
          ref={inputRef}
          id="framework-file"
          type="file"
          accept=".xlsx,.json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('framework.choose')}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <button type="button" className="button-secondary" onClick={() => inputRef.current?.click()}>
          {t('framework.choose')}
        </button>
        <span className="small">{file ? `${file.name} · ${formatBytes(file.size, locale)}` : t('framework.noFile')}</span>
        <button type="button" className="button-primary" onClick={() => void importFile()} disabled={!file || progress !== null}>
          {t('framework.import')}
        </button>
      </div>
      {progress && <ProgressBar value={progress.loaded} max={progress.total} label={t('framework.progress')} />}
      <ErrorNotice error={error} />
      {done && <p className="notice notice-success" role="status">{done}</p>}
      {problems && (
        <div className="table-wrap">
          <table data-testid="import-problems">
            <caption>{t('framework.problems', { count: problems.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('framework.sheet')}</th>
                <th scope="col" className="num">{t('framework.row')}</th>
                <th scope="col">{t('framework.cell')}</th>
                <th scope="col">{t('framework.problem')}</th>
                <th scope="col">{t('framework.path')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem, index) => (
                <tr key={`${problem.path}-${index}`}>
                  <td>{problem.sheet ?? '–'}</td>
                  <td className="num">{problem.row ?? '–'}</td>
                  <td>{problem.cell ?? '–'}</td>
                  <td>{problem.message}</td>
                  <td className="mono small">{problem.path || t('framework.wholeFile')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('framework.revisions', { year })}</h3>
      <ErrorNotice error={revisions.error} />
      {revisions.data && revisions.data.length === 0 && <EmptyState>{t('framework.none')}</EmptyState>}
      {revisions.data && revisions.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('framework.revisions', { year })}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{t('framework.revision')}</th>
                <th scope="col">{t('framework.name')}</th>
                <th scope="col">{t('framework.status')}</th>
                <th scope="col">{t('framework.counts')}</th>
                <th scope="col"><span className="visually-hidden">{t('framework.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {revisions.data.map((revision) => (
                <tr key={revision.revision}>
                  <td className="num">{revision.revision}</td>
                  <td>
                    {revision.name}
                    <div className="small muted">{revision.source}</div>
                  </td>
                  <td>
                    {revision.status === 'published' ? t('framework.statusPublished') : t('framework.statusDraft')}
                    {revision.publishedAt && <div className="small muted">{formatDateTime(revision.publishedAt, locale, WIB)}</div>}
                  </td>
                  <td className="small">
                    {t('framework.countsText', {
                      areas: revision.counts.areas,
                      indicators: revision.counts.indicators,
                      subs: revision.counts.subIndicators,
                    })}
                    {revision.removedSubIndicators && revision.removedSubIndicators.length > 0 && (
                      <div className="small notice-inline-warning">{t('framework.removes', { codes: revision.removedSubIndicators.join(', ') })}</div>
                    )}
                  </td>
                  <td>
                    {revision.status === 'draft' && (
                      <button
                        type="button"
                        className="button-primary small"
                        onClick={() => (revision.removedSubIndicators?.length ? setConfirmingRemovals(revision) : void publish(revision.revision))}
                        disabled={publishing}
                      >
                        {t('framework.publish')}
                        <span className="visually-hidden"> {t('framework.revision')} {revision.revision}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title={t('framework.removalsTitle')} open={confirmingRemovals !== null} onClose={() => setConfirmingRemovals(null)}>
        <p>
          {t('framework.removalsExplain', {
            revision: confirmingRemovals?.revision ?? '',
            codes: confirmingRemovals?.removedSubIndicators?.join(', ') ?? '',
          })}
        </p>
        <div className="button-row">
          <button
            type="button"
            className="button-danger"
            onClick={() => confirmingRemovals && void publish(confirmingRemovals.revision, confirmingRemovals.removedSubIndicators ?? [])}
            disabled={publishing}
          >
            {t('framework.removalsConfirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirmingRemovals(null)}>
            {t('action.cancel')}
          </button>
        </div>
      </Dialog>
    </Section>
  );
}

function CloseYear({ year }: { year: number }) {
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  const status = useAsync((signal) => api<YearStatusView>(`/api/scoring/v1/years/${year}`, { signal }), [year]);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The button that opened the dialog is gone once the year is closed: focus goes to the notice that replaced it.
  const [justClosed, setJustClosed] = useState(false);
  const closedRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!justClosed || !status.data?.closed) return;
    closedRef.current?.focus();
    setJustClosed(false);
  }, [justClosed, status.data]);
  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/scoring/v1/years/${year}/close`, { method: 'POST' });
      setOpen(false);
      setTyped('');
      setJustClosed(true);
      status.reload();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="close-year" title={t('close.title', { year })}>
      <ErrorNotice error={status.error} />
      {status.data &&
        (status.data.closed ? (
          <p className="notice" ref={closedRef} tabIndex={-1}>
            {t('close.closed', { year, who: status.data.closedBy ? personLabel(status.data.closedBy) : '–', when: formatDateTime(status.data.closedAt, locale, WIB) })}
          </p>
        ) : (
          <>
            <p>{t('close.explain')}</p>
            <button type="button" className="button-danger" onClick={() => setOpen(true)}>
              {t('close.button', { year })}
            </button>
          </>
        ))}
      <Dialog title={t('close.confirmTitle', { year })} open={open} onClose={() => setOpen(false)}>
        <p>{t('close.confirmText', { year })}</p>
        <div className="field">
          <label htmlFor="close-confirm">{t('close.typeYear', { year })}</label>
          <input id="close-confirm" inputMode="numeric" value={typed} onChange={(event) => setTyped(event.target.value)} />
        </div>
        <ErrorNotice error={error} />
        <div className="button-row">
          <button type="button" className="button-danger" disabled={busy || typed.trim() !== String(year)} onClick={() => void close()}>
            {t('close.confirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
            {t('action.cancel')}
          </button>
        </div>
      </Dialog>
    </Section>
  );
}
