import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type {
  AssignmentHistoryEntryView,
  OperatorAssignmentsView,
  OperatorAssignmentView,
  PersonView,
  ProgressView,
  ScoreExplanationView,
} from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { Dialog } from '../shell/Dialog';
import { formatDateTime, formatNumber, zoneOfPemda } from '../shell/format';
import { usePemdaLabel } from '../shell/pemda-names';
import { usePersonLabel } from '../shell/people-names';
import { useSession } from '../shell/session';
import { EmptyState, ErrorNotice, Loading, Section, useAsync } from '../shell/ui';
import { useYear } from '../shell/year';
import { YearSelect } from '../shell/YearSelect';

/*
 * The Pemda admin's OPD accounts (docs/decisions.md #68): which operator works for which OPD, on
 * which areas and indicators, who is the PIC of an area, and a departing operator's handover. The
 * rules live in submissions; this page only asks and shows what it answers.
 */

interface FrameworkArea {
  code: string;
  name: string;
  indicators: { code: string; name: string }[];
}

export default function OpdPage() {
  const session = useSession();
  const { t } = useI18n();
  const { year } = useYear();
  const pemdaLabel = usePemdaLabel();
  const pemdaCode = session.user.pemdaCode;
  const [reloads, setReloads] = useState(0);
  const [editing, setEditing] = useState<OperatorAssignmentView | null>(null);
  // Each save starts a fresh form; the notice of what was saved stays above it.
  const [formRound, setFormRound] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  if (!pemdaCode) return <EmptyState>{t('opd.noPemda')}</EmptyState>;
  // A removal or handover may end the assignment being edited: the form starts afresh.
  const changed = () => {
    setReloads((count) => count + 1);
    setEditing(null);
  };
  const formDone = (message: string | null) => {
    setSaved(message);
    setEditing(null);
    setFormRound((round) => round + 1);
    if (message) changed();
  };
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="eyebrow">{pemdaLabel(pemdaCode)}</p>
          <h1 className="page-title">{t('opd.title')}</h1>
        </div>
        <YearSelect />
      </div>
      <p className="muted">{t('opd.explain')}</p>
      <Operators
        pemdaCode={pemdaCode}
        reloads={reloads}
        onEdit={(assignment) => {
          setSaved(null);
          setEditing(assignment);
        }}
        onChanged={changed}
      />
      {year !== null && (
        <AssignForm
          key={`${editing?.operatorSubject ?? 'new'}-${formRound}`}
          pemdaCode={pemdaCode}
          year={year}
          reloads={reloads}
          editing={editing}
          saved={saved}
          onDone={formDone}
        />
      )}
      <Handover pemdaCode={pemdaCode} reloads={reloads} onChanged={changed} />
      <History pemdaCode={pemdaCode} reloads={reloads} />
    </div>
  );
}

const base = (pemdaCode: string) => `/api/submissions/v1/pemda/${encodeURIComponent(pemdaCode)}`;

function useAssignments(pemdaCode: string, reloads: number) {
  return useAsync((signal) => api<OperatorAssignmentsView>(`${base(pemdaCode)}/operator-assignments`, { signal }), [pemdaCode, reloads], { keepOnChange: true });
}

/** The Pemda's operators who have signed in to the portal (GET /api/people?pemdaCode=). */
function useSignedInOperators(pemdaCode: string): PersonView[] {
  const people = useAsync((signal) => api<PersonView[]>('/api/people', { query: { pemdaCode }, signal }), [pemdaCode]);
  return (people.data ?? []).filter((person) => person.roles.includes('pemda-operator'));
}

/** The operator's name as the Pemda admin typed it, else as they signed in, else the account ID. */
function useOperatorLabel(): (assignment: Pick<OperatorAssignmentView, 'operatorSubject' | 'operatorName'>) => string {
  const personLabel = usePersonLabel();
  return (assignment) => assignment.operatorName || personLabel(assignment.operatorSubject);
}

/** A subject by the name its assignment gives, else as they signed in. */
function useSubjectLabel(assignments: OperatorAssignmentView[] | undefined): (subject: string) => string {
  const personLabel = usePersonLabel();
  return (subject) => assignments?.find((each) => each.operatorSubject === subject)?.operatorName || personLabel(subject);
}

function Operators({ pemdaCode, reloads, onEdit, onChanged }: { pemdaCode: string; reloads: number; onEdit: (assignment: OperatorAssignmentView) => void; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const operatorLabel = useOperatorLabel();
  const list = useAssignments(pemdaCode, reloads);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // The removed row takes its "Hapus" button, where the dialog would return focus: it goes to the notice.
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  // A removal is asked once more: the last one ends the Pemda's OPD accounts for every operator.
  const [removing, setRemoving] = useState<OperatorAssignmentView | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (assignment: OperatorAssignmentView) => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await api(`${base(pemdaCode)}/operator-assignments/${encodeURIComponent(assignment.operatorSubject)}`, { method: 'DELETE' });
      setDone(t('opd.removed', { who: operatorLabel(assignment) }));
      onChanged();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  };
  const lastOne = list.data?.operators.length === 1;
  return (
    <Section id="opd-operators" title={t('opd.operators')}>
      <ErrorNotice error={list.error ?? error} />
      {done && (
        <p className="notice notice-success" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.operators.length === 0 && <EmptyState>{t('opd.none')}</EmptyState>}
      {list.data && list.data.operators.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('opd.operators')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('opd.operator')}</th>
                <th scope="col">{t('opd.opdName')}</th>
                <th scope="col">{t('opd.areas')}</th>
                <th scope="col">{t('opd.indicators')}</th>
                <th scope="col">{t('opd.pic')}</th>
                <th scope="col" className="num">{t('opd.openItems')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('opd.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.operators.map((assignment) => (
                <tr key={assignment.operatorSubject}>
                  <th scope="row" title={assignment.operatorSubject}>{operatorLabel(assignment)}</th>
                  <td>{assignment.opdName}</td>
                  <td>{assignment.areaCodes.join(', ') || '–'}</td>
                  <td>{assignment.indicatorCodes.join(', ') || '–'}</td>
                  <td>{assignment.picAreaCodes.join(', ') || '–'}</td>
                  <td className="num">{formatNumber(assignment.openItemCount, locale)}</td>
                  <td>
                    <div className="form-row">
                      <button type="button" className="button-secondary small" onClick={() => onEdit(assignment)} aria-label={`${t('opd.edit')}: ${operatorLabel(assignment)}`}>
                        {t('opd.edit')}
                      </button>
                      <button
                        type="button"
                        className="button-secondary small"
                        onClick={() => setRemoving(assignment)}
                        disabled={busy}
                        aria-label={`${t('opd.remove')}: ${operatorLabel(assignment)}`}
                      >
                        {t('opd.remove')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title={t('opd.removeTitle', { who: removing ? operatorLabel(removing) : '' })} open={removing !== null} onClose={() => !busy && setRemoving(null)}>
        <p>{t('opd.removeExplain', { who: removing ? operatorLabel(removing) : '', opd: removing?.opdName ?? '' })}</p>
        {lastOne && <p className="notice notice-warning">{t('opd.removeLast')}</p>}
        <div className="button-row">
          <button type="button" className="button-danger" onClick={() => removing && void remove(removing)} disabled={busy}>
            {t('opd.removeConfirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setRemoving(null)} disabled={busy}>
            {t('action.cancel')}
          </button>
        </div>
      </Dialog>
    </Section>
  );
}

/** The year's areas and indicators, named from the score explanation where it has them. */
function useFrameworkAreas(pemdaCode: string, year: number): { areas: FrameworkArea[]; error: unknown } {
  const progress = useAsync((signal) => api<ProgressView>(`${base(pemdaCode)}/progress`, { query: { year }, signal }), [pemdaCode, year]);
  const explain = useAsync(
    (signal) => api<ScoreExplanationView>(`/api/scoring/v1/scores/pemda/${encodeURIComponent(pemdaCode)}/explain`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  const areas = useMemo(() => {
    const names = new Map<string, string>();
    explain.data?.areas.forEach((area) => {
      names.set(area.code, area.name);
      area.indicators.forEach((indicator) => names.set(indicator.code, indicator.name));
    });
    const areas = new Map<string, FrameworkArea>();
    for (const item of progress.data?.items ?? []) {
      const area = areas.get(item.areaCode) ?? { code: item.areaCode, name: names.get(item.areaCode) ?? item.areaCode, indicators: [] };
      areas.set(item.areaCode, area);
      if (!area.indicators.some((indicator) => indicator.code === item.indicatorCode)) {
        area.indicators.push({ code: item.indicatorCode, name: names.get(item.indicatorCode) ?? item.indicatorCode });
      }
    }
    return [...areas.values()];
  }, [progress.data, explain.data]);
  return { areas, error: progress.error };
}

function AssignForm(props: {
  pemdaCode: string;
  year: number;
  reloads: number;
  editing: OperatorAssignmentView | null;
  saved: string | null;
  onDone: (saved: string | null) => void;
}) {
  const { pemdaCode, year, reloads, editing, saved, onDone } = props;
  const { t } = useI18n();
  const { areas, error: areasError } = useFrameworkAreas(pemdaCode, year);
  // Offered as the account ID is typed; under the identity provider an ID is a UUID, so the name shows beside it.
  const operators = useSignedInOperators(pemdaCode);
  const assignments = useAssignments(pemdaCode, reloads);
  const subjectLabel = useSubjectLabel(assignments.data?.operators);
  const [subject, setSubject] = useState(editing?.operatorSubject ?? '');
  const [name, setName] = useState(editing?.operatorName ?? '');
  const [opdName, setOpdName] = useState(editing?.opdName ?? '');
  const [areaCodes, setAreaCodes] = useState<string[]>(editing?.areaCodes ?? []);
  const [picAreaCodes, setPicAreaCodes] = useState<string[]>(editing?.picAreaCodes ?? []);
  const [indicatorCodes, setIndicatorCodes] = useState<string[]>(editing?.indicatorCodes ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // "Ubah" brings the person to the form they are about to change.
  useEffect(() => {
    if (editing) document.getElementById('opd-opd')?.focus();
  }, [editing]);
  const toggle = (list: string[], code: string, on: boolean) => (on ? [...new Set([...list, code])] : list.filter((each) => each !== code));
  // An indicator inside a chosen area is already covered; only the others are offered one by one.
  const extraIndicators = areas.filter((area) => !areaCodes.includes(area.code) && !picAreaCodes.includes(area.code)).flatMap((area) => area.indicators);
  // An assignment outlives a year: codes this year's framework does not have are kept as they are.
  const knownIndicators = new Set(areas.flatMap((area) => area.indicators.map((indicator) => indicator.code)));
  const chosenName = operators.find((person) => person.subject === subject.trim())?.name;
  // A mistyped ID would be saved as an operator nobody is; the first assignment would then hold every real operator to nothing.
  const unknownSubject = editing === null && subject.trim() !== '' && chosenName === undefined && !assignments.data?.operators.some((each) => each.operatorSubject === subject.trim());
  const firstAssignment = assignments.data !== undefined && assignments.data.operators.length === 0;
  const savedRef = useRef<HTMLParagraphElement>(null);
  // The form is rebuilt after a save: focus goes to what was saved, not back to the page's top.
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  const submit = async () => {
    setError(null);
    setBusy(true);
    const who = subject.trim();
    try {
      await api(`${base(pemdaCode)}/operator-assignments/${encodeURIComponent(who)}`, {
        method: 'PUT',
        body: {
          ...(name.trim() ? { operatorName: name.trim() } : {}),
          opdName: opdName.trim(),
          areaCodes,
          picAreaCodes,
          indicatorCodes: indicatorCodes.filter((code) => !knownIndicators.has(code) || extraIndicators.some((indicator) => indicator.code === code)),
        },
      });
      onDone(t('opd.saved', { who: name.trim() || operators.find((person) => person.subject === who)?.name || who }));
    } catch (cause) {
      setError(cause);
      setBusy(false);
    }
  };
  return (
    <Section id="opd-assign" title={editing ? t('opd.editTitle') : t('opd.assignTitle')}>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="form-row align-top">
          <div className="field grow">
            <label htmlFor="opd-subject">{t('opd.subject')}</label>
            <input
              id="opd-subject"
              list="opd-subject-known"
              value={subject}
              onChange={(event) => setSubject(event.target.value)}
              required
              autoComplete="off"
              readOnly={editing !== null}
              aria-describedby="opd-subject-hint"
            />
            <datalist id="opd-subject-known">
              {operators.map((person) => (
                <option key={person.subject} value={person.subject}>
                  {person.name}
                </option>
              ))}
            </datalist>
            <span id="opd-subject-hint" className={unknownSubject ? 'small notice-inline-warning' : 'small muted'} aria-live="polite">
              {chosenName ? t('opd.chosen', { who: chosenName }) : unknownSubject ? t('opd.unknownSubject') : t('opd.subjectHint')}
            </span>
          </div>
          <div className="field grow">
            <label htmlFor="opd-name">{t('opd.name')}</label>
            <input id="opd-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} autoComplete="off" />
          </div>
          <div className="field grow">
            <label htmlFor="opd-opd">{t('opd.opdName')}</label>
            <input id="opd-opd" value={opdName} onChange={(event) => setOpdName(event.target.value)} required minLength={2} maxLength={200} />
          </div>
        </div>
        <ErrorNotice error={areasError} />
        {areas.length === 0 ? (
          !areasError && <Loading />
        ) : (
          <div className="check-groups">
            <fieldset className="field">
              <legend>{t('opd.areas')}</legend>
              {areas.map((area) => (
                <label key={area.code} className="check">
                  <input type="checkbox" checked={areaCodes.includes(area.code)} onChange={(event) => setAreaCodes(toggle(areaCodes, area.code, event.target.checked))} />{' '}
                  {area.name} <span className="muted small">({area.code})</span>
                </label>
              ))}
            </fieldset>
            <fieldset className="field" aria-describedby="opd-pic-hint">
              <legend>{t('opd.pic')}</legend>
              {areas.map((area) => {
                const holder = assignments.data?.picByArea[area.code];
                return (
                  <label key={area.code} className="check">
                    <input type="checkbox" checked={picAreaCodes.includes(area.code)} onChange={(event) => setPicAreaCodes(toggle(picAreaCodes, area.code, event.target.checked))} />{' '}
                    {area.name} <span className="muted small">({area.code})</span>
                    {holder && holder !== subject.trim() && <span className="muted small"> · {t('opd.picHeldBy', { who: subjectLabel(holder) })}</span>}
                  </label>
                );
              })}
              <span id="opd-pic-hint" className="small muted">
                {t('opd.picHint')}
              </span>
            </fieldset>
            {extraIndicators.length > 0 && (
              <fieldset className="field">
                <legend>{t('opd.extraIndicators')}</legend>
                {extraIndicators.map((indicator) => (
                  <label key={indicator.code} className="check">
                    <input
                      type="checkbox"
                      checked={indicatorCodes.includes(indicator.code)}
                      onChange={(event) => setIndicatorCodes(toggle(indicatorCodes, indicator.code, event.target.checked))}
                    />{' '}
                    {indicator.name} <span className="muted small">({indicator.code})</span>
                  </label>
                ))}
              </fieldset>
            )}
          </div>
        )}
        {firstAssignment && <p className="notice notice-warning">{t('opd.firstAssignment')}</p>}
        <ErrorNotice error={error} />
        {saved && (
          <p className="notice notice-success" role="status" ref={savedRef} tabIndex={-1}>
            {saved}
          </p>
        )}
        <div className="form-row">
          <button type="submit" className="button-primary" disabled={busy || areas.length === 0 || !subject.trim() || opdName.trim().length < 2}>
            {t('opd.save')}
          </button>
          {editing && (
            <button type="button" className="button-secondary" onClick={() => onDone(null)}>
              {t('opd.cancelEdit')}
            </button>
          )}
        </div>
      </form>
    </Section>
  );
}

function Handover({ pemdaCode, reloads, onChanged }: { pemdaCode: string; reloads: number; onChanged: () => void }) {
  const { t } = useI18n();
  const operatorLabel = useOperatorLabel();
  const list = useAssignments(pemdaCode, reloads);
  const signedIn = useSignedInOperators(pemdaCode);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const operators = list.data?.operators ?? [];
  // The shared account a Pemda used before OPD accounts holds open items but no assignment: it can hand over too.
  const unassigned = signedIn.filter((person) => !operators.some((assignment) => assignment.operatorSubject === person.subject));
  if (operators.length === 0) return null;
  const labelOf = (subject: string) => {
    const assignment = operators.find((each) => each.operatorSubject === subject);
    return assignment ? operatorLabel(assignment) : (signedIn.find((person) => person.subject === subject)?.name ?? subject);
  };
  const submit = async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await api(`${base(pemdaCode)}/operator-handovers`, { method: 'POST', body: { fromSubject: from, toSubject: to, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      setDone(t('opd.handedOver', { from: labelOf(from), to: labelOf(to) }));
      setFrom('');
      setTo('');
      setReason('');
      onChanged();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="opd-handover" title={t('opd.handoverTitle')}>
      <p className="small muted">{t('opd.handoverExplain')}</p>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="handover-from">{t('opd.handoverFrom')}</label>
          <select
            id="handover-from"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
              if (event.target.value === to) setTo('');
            }}
            required
          >
            <option value="">{t('opd.choose')}</option>
            {operators.map((assignment) => (
              <option key={assignment.operatorSubject} value={assignment.operatorSubject}>
                {operatorLabel(assignment)} · {assignment.opdName}
              </option>
            ))}
            {unassigned.map((person) => (
              <option key={person.subject} value={person.subject}>
                {t('opd.notAssigned', { who: person.name })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="handover-to">{t('opd.handoverTo')}</label>
          <select id="handover-to" value={to} onChange={(event) => setTo(event.target.value)} required>
            <option value="">{t('opd.choose')}</option>
            {operators
              .filter((assignment) => assignment.operatorSubject !== from)
              .map((assignment) => (
                <option key={assignment.operatorSubject} value={assignment.operatorSubject}>
                  {operatorLabel(assignment)} · {assignment.opdName}
                </option>
              ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="handover-reason">{t('opd.handoverReason')}</label>
          <input id="handover-reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} />
        </div>
        <button type="submit" className="button-primary" disabled={busy || !from || !to || from === to}>
          {t('opd.handover')}
        </button>
      </form>
      <ErrorNotice error={error} />
      {done && (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      )}
    </Section>
  );
}

function History({ pemdaCode, reloads }: { pemdaCode: string; reloads: number }) {
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  const zone = zoneOfPemda(pemdaCode);
  const history = useAsync((signal) => api<AssignmentHistoryEntryView[]>(`${base(pemdaCode)}/operator-assignments/history`, { signal }), [pemdaCode, reloads], { keepOnChange: true });
  const assignments = useAssignments(pemdaCode, reloads);
  const subjectLabel = useSubjectLabel(assignments.data?.operators);
  return (
    <Section id="opd-history" title={t('opd.historyTitle')}>
      <ErrorNotice error={history.error} />
      {history.data && history.data.length === 0 && <EmptyState>{t('opd.historyNone')}</EmptyState>}
      {history.data && history.data.length > 0 && (
        <ol className="timeline">
          {withChanges(history.data).reverse().map(({ entry, kind }) => (
            <li key={entry.id}>
              <span className="muted small">{formatDateTime(entry.occurredAt, locale, zone)}</span>{' '}
              <strong>{t(`opdHistory.${kind}` as DictKey, { who: subjectLabel(entry.operatorSubject), to: entry.toSubject ? subjectLabel(entry.toSubject) : '' })}</strong>
              <span className="small"> · {t('opd.by', { who: personLabel(entry.actor) })}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/**
 * The service files every save as `assigned`; read in order, a save for an operator who already
 * had an assignment (not removed or handed over since: a handover ends the departing one's) changed it.
 */
function withChanges(entries: AssignmentHistoryEntryView[]): { entry: AssignmentHistoryEntryView; kind: AssignmentHistoryEntryView['kind'] | 'changed' }[] {
  const assigned = new Set<string>();
  return entries.map((entry) => {
    if (entry.kind === 'removed' || entry.kind === 'handed_over') assigned.delete(entry.operatorSubject);
    if (entry.kind !== 'assigned') return { entry, kind: entry.kind };
    const kind = assigned.has(entry.operatorSubject) ? 'changed' : 'assigned';
    assigned.add(entry.operatorSubject);
    return { entry, kind };
  });
}
