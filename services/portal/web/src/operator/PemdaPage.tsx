import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { useLive } from '../api/live';
import type {
  DeadlineExtensionView,
  OperatorAssignmentsView,
  ItemStatus,
  PathToTargetView,
  PemdaScoreView,
  ProgressView,
  ScoreExplanationView,
  SubmissionItemView,
} from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { formatDateTime, formatNumber, formatScore, remaining, zoneOfPemda, type Zone } from '../shell/format';
import { usePemdaLabel } from '../shell/pemda-names';
import { Clarifications } from './Clarifications';
import { usePersonLabel } from '../shell/people-names';
import { PemdaPicker, usePemdaDirectory } from '../shell/PemdaPicker';
import { InboxPanel } from '../shell/InboxPage';
import { navigate, useLocation } from '../shell/router';
import { useSession } from '../shell/session';
import { EmptyState, ErrorNotice, Loading, Score, Section, StatusBadge, useAsync, useBefore, useNow } from '../shell/ui';
import { useYear } from '../shell/year';
import { YearSelect } from '../shell/YearSelect';
import { ItemPanel } from './ItemPanel';

const STATUSES: ItemStatus[] = ['empty', 'submitted', 'revision_requested', 'rejected', 'approved', 'not_counted'];

export default function PemdaPage() {
  const session = useSession();
  const { path } = useLocation();
  const { t } = useI18n();
  const { year } = useYear();
  const fromPath = decodeURIComponent(path.split('/')[2] ?? '');
  // The path wins, even for a Pemda's own users: another Pemda's page is then refused by the
  // services (403, shown as such), not silently swapped for their own.
  const pemdaCode = fromPath || session.user.pemdaCode;
  if (!pemdaCode) return <PemdaChooser />;
  if (year === null) return <Loading />;
  return (
    <>
      <h1 className="visually-hidden">{t('pemda.title')}</h1>
      <PemdaProgress key={`${pemdaCode}-${year}`} pemdaCode={pemdaCode} year={year} />
    </>
  );
}

/** Admins act for any Pemda: they choose it first, by name, code or province. */
function PemdaChooser() {
  const { t } = useI18n();
  const [pemdaCode, setPemdaCode] = useState('');
  const directory = usePemdaDirectory();
  return (
    <Section title={t('pemda.choose')}>
      <ErrorNotice error={directory.error} onRetry={directory.reload} />
      {directory.loading && !directory.data && <Loading />}
      {directory.data && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (pemdaCode) navigate(`/pemda/${encodeURIComponent(pemdaCode)}`);
          }}
        >
          <div className="field">
            <PemdaPicker id="pemda-choice" entries={directory.data} value={pemdaCode} onChange={setPemdaCode} />
          </div>
          <div>
            <button type="submit" className="button-primary" disabled={!pemdaCode}>
              {t('action.open')}
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}

function PemdaProgress({ pemdaCode, year }: { pemdaCode: string; year: number }) {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const session = useSession();
  const zone = zoneOfPemda(pemdaCode);
  const base = `/api/submissions/v1/pemda/${encodeURIComponent(pemdaCode)}`;
  const progress = useAsync((signal) => api<ProgressView>(`${base}/progress`, { query: { year }, signal }), [pemdaCode, year]);
  const score = useAsync(
    (signal) => api<PemdaScoreView>(`/api/scoring/v1/scores/pemda/${encodeURIComponent(pemdaCode)}`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  const explain = useAsync(
    (signal) => api<ScoreExplanationView>(`/api/scoring/v1/scores/pemda/${encodeURIComponent(pemdaCode)}/explain`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  const path = useAsync(
    (signal) =>
      api<PathToTargetView>(`/api/scoring/v1/scores/pemda/${encodeURIComponent(pemdaCode)}/path-to-target`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  const extensions = useAsync(
    (signal) => api<DeadlineExtensionView[]>(`${base}/deadline-extensions`, { query: { year }, signal }),
    [pemdaCode, year],
  );

  // Two streams, each throttled on its own: in one, an upload arriving within the throttle window
  // after a decision's score would stand in for it (the latest wins) and the score would stay old.
  const ofThisPemda = { accept: (_name: string, data: { pemdaCode: string; year: number }) => data.pemdaCode === pemdaCode && data.year === year };
  useLive(['evidence.submitted'], () => progress.reload(), ofThisPemda);
  useLive(
    ['score.updated', 'evidence.verified'],
    () => {
      progress.reload();
      score.reload();
      explain.reload();
      path.reload();
    },
    ofThisPemda,
  );

  const canUpload = session.user.roles.some((role) => role === 'pemda-operator' || role === 'pemda-admin' || role === 'admin');
  // An operator of a Pemda with OPD accounts works on their assignment only (docs/decisions.md #68):
  // the services refuse the rest, so the page says so before a file is chosen.
  const limitedOperator = session.user.roles.includes('pemda-operator') && !session.user.roles.some((role) => role === 'pemda-admin' || role === 'admin');
  const assignments = useAsync(
    (signal) => (limitedOperator ? api<OperatorAssignmentsView>(`${base}/operator-assignments`, { signal }) : Promise.resolve(undefined)),
    [pemdaCode, limitedOperator],
  );
  const ownAssignment = assignmentScopeOf(assignments.data, session.user.subject);
  // Until the assignment is known (loading, or failed to load) such an operator's items are shown
  // read-only: offering every form would only end in the services' refusal.
  const mayChange = canUpload && (!limitedOperator || assignments.data !== undefined);
  // An admin who also verifies writes as a verifier (the service decides by role): the Pemda's
  // answer form is not theirs to use.
  const canAnswerClarifications = mayChange && !session.user.roles.includes('verifier');

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="eyebrow">{t('pemda.eyebrow', { year })}</p>
          <h2 className="page-title">{progress.data?.pemdaName ?? pemdaLabel(pemdaCode)}</h2>
        </div>
        <YearSelect />
      </div>
      <ErrorNotice error={progress.error} onRetry={progress.reload} />
      <ErrorNotice error={assignments.error} onRetry={assignments.reload} />
      {/* Without them the deadline card would show no extension, as if none were granted. */}
      <ErrorNotice error={extensions.error} onRetry={extensions.reload} />
      <div className="grid-2">
        {progress.data ? (
          <DeadlineCard progress={progress.data} extensions={extensions.data ?? []} zone={zone} />
        ) : (
          progress.loading && <Loading />
        )}
        <ScoreCard score={score.data} error={score.error} loading={score.loading} />
      </div>
      <Clarifications
        pemdaCode={pemdaCode}
        year={year}
        zone={zone}
        canWrite={(code) => {
          if (!canAnswerClarifications || !ownAssignment) return canAnswerClarifications;
          const item = progress.data?.items.find((each) => each.subIndicatorCode === code);
          return item !== undefined && assignmentCovers(ownAssignment, item);
        }}
        itemName={(code) => progress.data?.items.find((item) => item.subIndicatorCode === code)?.name}
      />
      {progress.data && (
        <ProgressList
          progress={progress.data}
          explanation={explain.data}
          zone={zone}
          canUpload={mayChange}
          assignment={ownAssignment}
          onChanged={() => {
            progress.reload();
            extensions.reload();
          }}
        />
      )}
      <div className="grid-2">
        <PathCard path={path.data} error={path.error} />
        <InboxPanel compact />
      </div>
      <ErrorNotice error={explain.error} onRetry={explain.reload} />
      {explain.data && <ExplainCard explanation={explain.data} />}
      {!progress.data && !progress.loading && !progress.error && <EmptyState>{t('common.none')}</EmptyState>}
      <p className="muted small">{t('pemda.zoneNote', { zone: zone.abbreviation, locale })}</p>
    </div>
  );
}

function Countdown({ until }: { until: string }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const parts = remaining(until, now);
  if (!parts) return null;
  if (parts.past) return <span className="countdown past">{t('deadline.passed')}</span>;
  return (
    <span className="countdown" role="timer" aria-live="off">
      {t('deadline.remaining', { days: parts.days, hours: parts.hours, minutes: parts.minutes, seconds: parts.seconds })}
    </span>
  );
}

function DeadlineCard({ progress, extensions, zone }: { progress: ProgressView; extensions: DeadlineExtensionView[]; zone: Zone }) {
  const { t, locale } = useI18n();
  // An admin opening a Pemda's page sees who granted it; the Pemda itself is told "Admin KPK".
  const personLabel = usePersonLabel();
  const deadline = progress.deadline;
  // The service said open when the page loaded; the badge turns when the deadline passes, as the upload forms do.
  const open = useBefore(deadline.effective) && deadline.open;
  return (
    <Section id="deadline" title={t('deadline.title')}>
      <p className="deadline-when" data-testid="deadline">
        {formatDateTime(deadline.effective, locale, zone)}
      </p>
      <p>
        <Countdown until={deadline.effective} />
      </p>
      <p>
        {open ? (
          <span className="badge status-approved">✓ {t('deadline.open')}</span>
        ) : (
          <span className="badge status-rejected">✕ {t('deadline.closed')}</span>
        )}{' '}
        {deadline.extended && <span className="badge badge-info">{t('deadline.extended')}</span>}
      </p>
      {deadline.yearClosedAt && <p className="muted">{t('deadline.yearClosed', { when: formatDateTime(deadline.yearClosedAt, locale, zone) })}</p>}
      {extensions.length > 0 && (
        <>
          <h3>{t('deadline.extensions')}</h3>
          <ul className="plain-list">
            {extensions.map((extension) => (
              <li key={extension.id}>
                <strong>{formatDateTime(extension.until, locale, zone)}</strong> · {extension.reason}
                <div className="small muted">
                  {t('deadline.grantedBy', { who: personLabel(extension.grantedBy), when: formatDateTime(extension.grantedAt, locale, zone) })}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('progress.counts')}</h3>
      <ul className="count-list">
        {STATUSES.map((status) => (
          <li key={status}>
            <StatusBadge status={status} /> <strong>{formatNumber(progress.counts[status] ?? 0, locale)}</strong>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ScoreCard({ score, error, loading }: { score?: PemdaScoreView; error: unknown; loading: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Section id="score" title={t('score.title')}>
      {loading && !score && <Loading />}
      <ErrorNotice error={error} />
      {score && (
        <>
          <p data-testid="score-total">
            <Score value={score.total} band={score.colourBand} large />
          </p>
          <dl className="facts">
            <div>
              <dt>{t('score.claimedTotal')}</dt>
              <dd>{formatScore(score.claimedTotal, locale)}</dd>
            </div>
            <div>
              <dt>{t('score.claimGap')}</dt>
              <dd>{formatScore(score.claimGap, locale)}</dd>
            </div>
            <div>
              <dt>{t(score.targetSource === 'pemda' ? 'score.targetPemda' : 'score.targetNational')}</dt>
              <dd>{formatScore(score.target, locale)}</dd>
            </div>
            <div>
              <dt>{t('score.gapToTarget')}</dt>
              <dd>{score.gapToTarget <= 0 ? t('score.targetMet') : formatScore(score.gapToTarget, locale)}</dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table>
              <caption>{t('score.areas')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('score.area')}</th>
                  <th scope="col" className="num">
                    {t('score.verified')}
                  </th>
                  <th scope="col" className="num">
                    {t('score.claimed')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {score.areas.map((area, index) => (
                  <tr key={area.code}>
                    <th scope="row">{area.name}</th>
                    <td className="num">{formatScore(area.score, locale)}</td>
                    <td className="num">{formatScore(score.claimedAreas[index]?.score, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">{t('score.onlyVerified')}</p>
        </>
      )}
    </Section>
  );
}

function ProgressList(props: {
  progress: ProgressView;
  explanation?: ScoreExplanationView;
  zone: Zone;
  canUpload: boolean;
  /** The operator's own OPD assignment when the Pemda has OPD accounts; undefined: every item is theirs. */
  assignment?: AssignmentScope;
  onChanged: () => void;
}) {
  const { progress, explanation, zone, canUpload, assignment, onChanged } = props;
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<ItemStatus | ''>('');
  // Items changed here stay listed under the filter they leave (an upload turns "Perlu revisi" into
  // "Menunggu verifikasi"): their panel, with its success notice, must not vanish under the user.
  const [changedHere, setChangedHere] = useState<ReadonlySet<string>>(new Set());
  // The service said open when the page loaded; the upload buttons close when the deadline passes.
  const beforeDeadline = useBefore(progress.deadline.effective);
  // Names of areas and indicators come from the explanation; progress only carries their codes.
  const names = useMemo(() => {
    const map = new Map<string, string>();
    explanation?.areas.forEach((area) => {
      map.set(area.code, area.name);
      area.indicators.forEach((indicator) => map.set(indicator.code, indicator.name));
    });
    return map;
  }, [explanation]);
  const grouped = useMemo(() => {
    const areas = new Map<string, Map<string, SubmissionItemView[]>>();
    for (const item of progress.items) {
      if (filter && item.status !== filter && !changedHere.has(item.subIndicatorCode)) continue;
      const indicators = areas.get(item.areaCode) ?? new Map<string, SubmissionItemView[]>();
      areas.set(item.areaCode, indicators);
      const list = indicators.get(item.indicatorCode) ?? [];
      indicators.set(item.indicatorCode, list);
      list.push(item);
    }
    return areas;
  }, [progress.items, filter, changedHere]);

  return (
    <Section
      id="progress"
      title={t('progress.title')}
      actions={
        <div className="field inline">
          <label htmlFor="status-filter">{t('progress.filter')}</label>
          <select
            id="status-filter"
            value={filter}
            onChange={(event) => {
              // A new choice shows just what it chose.
              setChangedHere(new Set());
              setFilter(event.target.value as ItemStatus | '');
            }}
          >
            <option value="">{t('progress.all')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}` as DictKey)}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {assignment && (
        <p className="notice" data-testid="own-assignment">
          {assignment.kind === 'assigned'
            ? t('assignment.own', { opd: assignment.opdName, codes: assignment.codes.join(', ') })
            : t('assignment.none')}
        </p>
      )}
      {grouped.size === 0 && <EmptyState>{t('progress.none')}</EmptyState>}
      {[...grouped.entries()].map(([areaCode, indicators]) => (
        <section key={areaCode} className="area-group" aria-label={names.get(areaCode) ?? areaCode}>
          <h3>
            {names.get(areaCode) ?? areaCode} <span className="muted small">({areaCode})</span>
          </h3>
          {[...indicators.entries()].map(([indicatorCode, items]) => (
            <div key={indicatorCode} className="indicator-group">
              <h4>
                {names.get(indicatorCode) ?? indicatorCode} <span className="muted small">({indicatorCode})</span>
              </h4>
              <ul className="item-list">
                {items.map((item) => (
                  <li key={item.subIndicatorCode} data-testid={`item-${item.subIndicatorCode}`}>
                    <details>
                      <summary>
                        <span className="item-name">
                          <span className="muted small">{item.subIndicatorCode}</span> {item.name}
                        </span>
                        <span className="item-meta">
                          <StatusBadge status={item.status} />
                          <span className="small">
                            {t('item.claimedShort')}: {formatNumber(item.claimedValue, locale)} · {t('item.verifiedShort')}:{' '}
                            {formatNumber(item.verifiedValue, locale)}
                          </span>
                        </span>
                      </summary>
                      <ItemPanel
                        pemdaCode={progress.pemdaCode}
                        year={progress.year}
                        item={item}
                        zone={zone}
                        uploadsOpen={progress.deadline.open && beforeDeadline}
                        canUpload={canUpload}
                        outsideAssignment={assignment !== undefined && !assignmentCovers(assignment, item)}
                        onChanged={() => {
                          setChangedHere((codes) => (codes.has(item.subIndicatorCode) ? codes : new Set([...codes, item.subIndicatorCode])));
                          onChanged();
                        }}
                      />
                    </details>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </Section>
  );
}

function PathCard({ path, error }: { path?: PathToTargetView; error: unknown }) {
  const { t, locale } = useI18n();
  return (
    <Section id="path" title={t('path.title')}>
      <ErrorNotice error={error} />
      {path && (
        <>
          <p>
            {t('path.summary', {
              total: formatScore(path.total, locale),
              target: formatScore(path.target, locale),
              gap: formatScore(path.gap, locale),
            })}
          </p>
          {!path.reachable && <p className="notice notice-warning">{t('path.unreachable')}</p>}
          {path.priority.length === 0 ? (
            <EmptyState>{t('path.none')}</EmptyState>
          ) : (
            <ol className="plain-list numbered">
              {path.priority.map((item) => (
                <li key={item.code}>
                  <strong>{item.name}</strong> <span className="muted small">({item.code})</span>
                  <div className="small">
                    {t('path.gain', { gain: formatScore(item.gain, locale), current: formatNumber(item.currentValue, locale) })}
                  </div>
                </li>
              ))}
            </ol>
          )}
          <p className="muted small">{t('path.after', { total: formatScore(path.totalAfterPriority, locale) })}</p>
          <details>
            <summary>{t('path.how')}</summary>
            <p className="small">{path.algorithm}</p>
          </details>
        </>
      )}
    </Section>
  );
}

function ExplainCard({ explanation }: { explanation: ScoreExplanationView }) {
  const { t, locale } = useI18n();
  return (
    <Section id="explain" title={t('explain.title')}>
      <p className="small">{explanation.rule}</p>
      <p className="small mono">{explanation.computation}</p>
      {explanation.areas.map((area) => (
        <details key={area.code} className="explain-area">
          <summary>
            {area.name} · {t('explain.weight')} {formatNumber(area.weight, locale)} · {t('explain.score')} {formatScore(area.score, locale)}
          </summary>
          <p className="small mono">{area.computation}</p>
          {area.indicators.map((indicator) => (
            <div key={indicator.code} className="explain-indicator">
              <p>
                <strong>{indicator.name}</strong> · {t('explain.weight')} {formatNumber(indicator.weight, locale)} · {t('explain.score')}{' '}
                {formatScore(indicator.score, locale)}
              </p>
              <p className="small mono">{indicator.computation}</p>
              <ul className="plain-list small">
                {indicator.subIndicators.map((sub) => (
                  <li key={sub.code}>
                    {sub.code} {sub.name}: <span className="mono">{sub.computation}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      ))}
    </Section>
  );
}

/** The signed-in operator's place in the Pemda's OPD accounts: assigned (to what), or not at all. */
type AssignmentScope =
  | { kind: 'assigned'; opdName: string; areaCodes: string[]; indicatorCodes: string[]; codes: string[] }
  | { kind: 'not-assigned' };

/** Undefined when the Pemda has no OPD accounts (then every operator works on everything). */
function assignmentScopeOf(view: OperatorAssignmentsView | undefined, subject: string): AssignmentScope | undefined {
  if (!view || view.operators.length === 0) return undefined;
  const own = view.operators.find((operator) => operator.operatorSubject === subject);
  if (!own) return { kind: 'not-assigned' };
  const areaCodes = [...new Set([...own.areaCodes, ...own.picAreaCodes])].sort();
  return { kind: 'assigned', opdName: own.opdName, areaCodes, indicatorCodes: own.indicatorCodes, codes: [...areaCodes, ...own.indicatorCodes] };
}

/** The services' rule (libs/mcp-domain `assignmentCovers`): the item's area, or its indicator. */
function assignmentCovers(scope: AssignmentScope, item: Pick<SubmissionItemView, 'areaCode' | 'indicatorCode'>): boolean {
  return scope.kind === 'assigned' && (scope.areaCodes.includes(item.areaCode) || scope.indicatorCodes.includes(item.indicatorCode));
}
