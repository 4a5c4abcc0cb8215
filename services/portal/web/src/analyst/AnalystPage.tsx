import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useLive } from '../api/live';
import { serverNow } from '../api/server-clock';
import type {
  FrameworkRevisionDocumentView,
  FrameworkRevisionView,
  NationalReportView,
  PemdaRankingRow,
  PemdaReportView,
  PemdaScoreView,
  ProvinceRankingRow,
  RegionAverageView,
  ScoreExplanationView,
} from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { bandOf, DEFAULT_BANDS, formatDateTime, formatNumber, formatScore, WIB, type BandThreshold } from '../shell/format';
import { usePemdaLabel } from '../shell/pemda-names';
import { setQueryParam, useLocation } from '../shell/router';
import { EmptyState, ErrorNotice, Loading, Score, Section, useAsync } from '../shell/ui';
import { useYear } from '../shell/year';
import { YearSelect } from '../shell/YearSelect';
import { TILE_POSITIONS } from './province-tiles';

const WILAYAH_CODES = ['wilayah-I', 'wilayah-II', 'wilayah-III', 'wilayah-IV', 'wilayah-V'];

/** The year's colour bands from its published framework (2025 starts green at 78); KPK's defaults otherwise. */
async function loadBands(year: number, signal: AbortSignal): Promise<BandThreshold[]> {
  try {
    const revisions = await api<FrameworkRevisionView[]>(`/api/scoring/v1/frameworks/${year}/revisions`, { signal });
    const published = revisions.filter((revision) => revision.status === 'published').sort((a, b) => b.revision - a.revision)[0];
    if (!published) return DEFAULT_BANDS;
    const document = await api<FrameworkRevisionDocumentView>(`/api/scoring/v1/frameworks/${year}/revisions/${published.revision}`, { signal });
    return document.framework.colourBands ?? DEFAULT_BANDS;
  } catch {
    return DEFAULT_BANDS;
  }
}

/**
 * Ranks rows already sorted best first as reporting's rankDescending does ("1, 2, 2, 4"): a row
 * equal to the one above shares its rank, so a three-way tie reads 9, 9, 9 and the next is 12.
 */
function competitionRanks<T>(sorted: T[], valueOf: (row: T) => number): (T & { rank: number })[] {
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((row, index) => {
    const above = ranked[index - 1];
    const rank = above && valueOf(sorted[index - 1]) === valueOf(row) ? above.rank : index + 1;
    ranked.push({ ...row, rank });
  });
  return ranked;
}

/** At most `limit` requests at once: 38 province figures must not starve the other requests. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(runners);
  return results;
}

export default function AnalystPage() {
  const { t } = useI18n();
  const { year } = useYear();
  const { query } = useLocation();
  const asOf = query.get('per') ?? '';
  if (year === null) return <Loading />;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="eyebrow">{t('analyst.eyebrow')}</p>
          <h1 className="page-title">{t('analyst.title', { year })}</h1>
        </div>
        <div className="button-row">
          <YearSelect />
          <div className="field inline">
            <label htmlFor="as-of">{t('analyst.asOf')}</label>
            <input id="as-of" type="date" value={asOf} onChange={(event) => setQueryParam('per', event.target.value || null)} />
          </div>
          {asOf && (
            <button type="button" className="button-secondary small" onClick={() => setQueryParam('per', null)}>
              {t('analyst.now')}
            </button>
          )}
        </div>
      </div>
      <Dashboard key={`${year}-${asOf}`} year={year} asOf={asOf} />
    </div>
  );
}

function Dashboard({ year, asOf }: { year: number; asOf: string }) {
  const { t, locale } = useI18n();
  const { query } = useLocation();
  const bands = useAsync((signal) => loadBands(year, signal), [year]);
  const thresholds = bands.data ?? DEFAULT_BANDS;
  const national = useAsync(
    (signal) => api<RegionAverageView>('/api/scoring/v1/scores/regions/national', { query: { year, asOf }, signal }),
    [year, asOf],
  );
  const wilayah = useAsync(async (signal) => {
    if (!asOf) {
      const report = await api<NationalReportView>('/api/reporting/v1/reports/national', { query: { year }, signal });
      return { updatedAt: report.updatedAt, rows: report.wilayah.map((row) => ({ code: row.regionCode, average: row.average, pemdaCount: row.pemdaCount })) };
    }
    const rows = await Promise.all(
      WILAYAH_CODES.map((code) => api<RegionAverageView>(`/api/scoring/v1/scores/regions/${code}`, { query: { year, asOf }, signal })),
    );
    return { updatedAt: null, rows: rows.map((row) => ({ code: row.regionCode, average: row.average, pemdaCount: row.pemdaCount })) };
  }, [year, asOf]);
  const provinces = useAsync(async (signal) => {
    const ranking = await api<ProvinceRankingRow[]>('/api/reporting/v1/reports/provinces', { query: { year }, signal });
    if (!asOf) return ranking;
    // Reporting answers only the present; the scoring service keeps the history behind `asOf`.
    const averages = await inBatches(ranking, 6, (row) =>
      api<RegionAverageView>(`/api/scoring/v1/scores/regions/${row.provinceCode}`, { query: { year, asOf }, signal }),
    );
    const rows = ranking.map((row, index) => ({ ...row, average: averages[index].average }));
    rows.sort((a, b) => b.average - a.average || a.provinceCode.localeCompare(b.provinceCode));
    return competitionRanks(rows, (row) => row.average);
  }, [year, asOf]);

  useLive(
    ['aggregate.updated'],
    () => {
      national.reload();
      wilayah.reload();
      provinces.reload();
    },
    { accept: (_name, data) => !asOf && data.year === year, debounceMs: 1000 },
  );

  const selectedProvince = query.get('provinsi');
  const selectedPemda = query.get('pemda');

  return (
    <>
      <div className="grid-2">
        <Section id="national" title={t('analyst.national')}>
          <ErrorNotice error={national.error} onRetry={national.reload} />
          {national.data && (
            <>
              <p data-testid="national-average">
                <Score value={national.data.average} band={national.data.colourBand} large />
              </p>
              <p className="muted small">
                {t('analyst.pemdaCount', { count: formatNumber(national.data.pemdaCount, locale) })}
                {national.data.asOf && ` · ${t('analyst.asOfShown', { when: formatDateTime(national.data.asOf, locale, WIB) })}`}
              </p>
              <div className="table-wrap">
                <table>
                  <caption>{t('analyst.areaAverages')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('score.area')}</th>
                      <th scope="col">{t('analyst.average')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {national.data.areas.map((area) => (
                      <tr key={area.code}>
                        <th scope="row">{area.name}</th>
                        <td>
                          <Score value={area.average} band={area.colourBand} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <p className="muted small">{t('analyst.method')}</p>
        </Section>
        <Section id="wilayah" title={t('analyst.wilayah')}>
          <ErrorNotice error={wilayah.error} />
          {wilayah.loading && !wilayah.data && <Loading />}
          <ul className="bar-list">
            {wilayah.data?.rows.map((row) => (
              <li key={row.code}>
                <span className="bar-label">{row.code.replace('wilayah-', `${t('header.wilayah')} `)}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className={`bar-fill band-fill-${bandOf(row.average, thresholds)}`} style={{ width: `${Math.min(100, row.average)}%` }} />
                </span>
                <Score value={row.average} band={bandOf(row.average, thresholds)} />
              </li>
            ))}
          </ul>
          {wilayah.data?.updatedAt && <p className="muted small">{t('analyst.updated', { when: formatDateTime(wilayah.data.updatedAt, locale, WIB) })}</p>}
        </Section>
      </div>

      <Section id="provinces" title={t('analyst.provinces')}>
        <ErrorNotice error={provinces.error} onRetry={provinces.reload} />
        {provinces.loading && !provinces.data && <Loading />}
        {provinces.data && (
          <>
            <div className="tile-scroll">
              <ul className="tile-grid" aria-label={t('analyst.tileMap')}>
                {provinces.data.map((row) => {
                  const position = TILE_POSITIONS[row.provinceCode];
                  const band = bandOf(row.average, thresholds);
                  return (
                    <li key={row.provinceCode} style={position ? { gridColumn: position[0] + 1, gridRow: position[1] + 1 } : undefined}>
                      <button
                        type="button"
                        className={`tile band-tile-${band}`}
                        aria-pressed={selectedProvince === row.provinceCode}
                        onClick={() => {
                          setQueryParam('pemda', null);
                          setQueryParam('provinsi', row.provinceCode);
                        }}
                        title={row.name}
                      >
                        <span className="tile-name">{row.name}</span>
                        <span className="tile-value">{formatScore(row.average, locale)}</span>
                        <span className="visually-hidden">{t(`band.${band}` as DictKey)}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
            <Legend thresholds={thresholds} />
            <details>
              <summary>{t('analyst.provinceTable')}</summary>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t('analyst.provinceTable')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">{t('rank.rank')}</th>
                      <th scope="col">{t('rank.province')}</th>
                      <th scope="col">{t('header.wilayah')}</th>
                      <th scope="col">{t('analyst.average')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {provinces.data.map((row) => (
                      <tr key={row.provinceCode}>
                        <td className="num">{row.rank}</td>
                        <th scope="row">{row.name}</th>
                        <td>{row.wilayah}</td>
                        <td>
                          <Score value={row.average} band={bandOf(row.average, thresholds)} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </Section>

      <Rankings year={year} asOf={asOf} thresholds={thresholds} province={selectedProvince} />
      {selectedPemda && <PemdaDrillDown key={selectedPemda} year={year} asOf={asOf} pemdaCode={selectedPemda} thresholds={thresholds} />}
      <Trend year={year} />
    </>
  );
}

function Legend({ thresholds }: { thresholds: BandThreshold[] }) {
  const { t, locale } = useI18n();
  return (
    <ul className="legend" aria-label={t('analyst.legend')}>
      {thresholds.map((threshold, index) => (
        <li key={threshold.band}>
          <span className={`swatch band-tile-${threshold.band}`} aria-hidden="true" /> {t(`band.${threshold.band}` as DictKey)}:{' '}
          {formatNumber(threshold.from, locale)}–{formatNumber(thresholds[index + 1]?.from ?? 100, locale)}
        </li>
      ))}
    </ul>
  );
}

function Rankings({ year, asOf, thresholds, province }: { year: number; asOf: string; thresholds: BandThreshold[]; province: string | null }) {
  const { t, locale } = useI18n();
  // The province's own government carries the province's code: its name names the province.
  const pemdaLabel = usePemdaLabel();
  const { query } = useLocation();
  const scope = province ? 'province' : (query.get('lingkup') ?? 'national');
  const region = province ?? query.get('wilayah') ?? 'I';
  const kind = query.get('jenis') ?? '';
  const rankings = useAsync(
    (signal) =>
      api<PemdaRankingRow[]>('/api/reporting/v1/reports/rankings', {
        query: { year, scope, region: scope === 'national' ? undefined : region, kind: kind || undefined },
        signal,
      }),
    [year, scope, region, kind],
  );
  const [limit, setLimit] = useState(50);
  const rows = rankings.data ?? [];
  return (
    <Section id="rankings" title={province ? t('rank.titleProvince', { province: pemdaLabel(province) }) : t('rank.title')}>
      {/* Reporting ranks only the present: under "Per tanggal" the table must not pass for that date's. */}
      {asOf && <p className="notice notice-warning">{t('analyst.rankingsCurrentOnly')}</p>}
      <div className="form-row">
        <div className="field">
          <label htmlFor="rank-scope">{t('rank.scope')}</label>
          <select
            id="rank-scope"
            value={scope}
            onChange={(event) => {
              setQueryParam('provinsi', null);
              setQueryParam('lingkup', event.target.value);
            }}
          >
            <option value="national">{t('rank.national')}</option>
            <option value="wilayah">{t('rank.wilayah')}</option>
            {province && <option value="province">{t('rank.province')}</option>}
          </select>
        </div>
        {scope === 'wilayah' && (
          <div className="field">
            <label htmlFor="rank-wilayah">{t('header.wilayah')}</label>
            <select id="rank-wilayah" value={region} onChange={(event) => setQueryParam('wilayah', event.target.value)}>
              {['I', 'II', 'III', 'IV', 'V'].map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="rank-kind">{t('rank.kind')}</label>
          <select id="rank-kind" value={kind} onChange={(event) => setQueryParam('jenis', event.target.value || null)}>
            <option value="">{t('rank.allKinds')}</option>
            <option value="provinsi">{t('kind.provinsi')}</option>
            <option value="kabupaten">{t('kind.kabupaten')}</option>
            <option value="kota">{t('kind.kota')}</option>
          </select>
        </div>
        {province && (
          <button type="button" className="button-secondary" onClick={() => setQueryParam('provinsi', null)}>
            {t('rank.backNational')}
          </button>
        )}
      </div>
      <ErrorNotice error={rankings.error} onRetry={rankings.reload} />
      {rankings.loading && !rankings.data && <Loading />}
      {rankings.data && rows.length === 0 && <EmptyState>{t('common.none')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('rank.title')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{t('rank.rank')}</th>
                <th scope="col">{t('rank.pemda')}</th>
                <th scope="col">{t('rank.kind')}</th>
                <th scope="col">{t('header.wilayah')}</th>
                <th scope="col">{t('rank.total')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, limit).map((row) => (
                <tr key={row.pemdaCode}>
                  <td className="num">{row.rank}</td>
                  <th scope="row">
                    <button type="button" className="button-link" onClick={() => setQueryParam('pemda', row.pemdaCode)}>
                      {row.name}
                    </button>{' '}
                    <span className="muted small">{row.pemdaCode}</span>
                  </th>
                  <td>{t(`kind.${row.kind}` as DictKey)}</td>
                  <td>{row.wilayah}</td>
                  <td>
                    <Score value={row.total} band={bandOf(row.total, thresholds)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > limit && (
        <button type="button" className="button-secondary" onClick={() => setLimit((value) => value + 100)}>
          {t('rank.more', { shown: formatNumber(limit, locale), total: formatNumber(rows.length, locale) })}
        </button>
      )}
    </Section>
  );
}

function PemdaDrillDown({ year, asOf, pemdaCode, thresholds }: { year: number; asOf: string; pemdaCode: string; thresholds: BandThreshold[] }) {
  const { t, locale } = useI18n();
  const pemdaLabel = usePemdaLabel();
  const report = useAsync(
    (signal) => api<PemdaReportView>(`/api/reporting/v1/reports/pemda/${encodeURIComponent(pemdaCode)}`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  // The total as of the chosen date comes from scoring's history; the rank and the explanation have none.
  const scoreAsOf = useAsync(
    (signal) =>
      asOf
        ? api<PemdaScoreView>(`/api/scoring/v1/scores/pemda/${encodeURIComponent(pemdaCode)}`, { query: { year, asOf }, signal })
        : Promise.resolve(undefined),
    [pemdaCode, year, asOf],
  );
  const explain = useAsync(
    (signal) => api<ScoreExplanationView>(`/api/scoring/v1/scores/pemda/${encodeURIComponent(pemdaCode)}/explain`, { query: { year }, signal }),
    [pemdaCode, year],
  );
  useLive(['score.updated'], () => {
    report.reload();
    explain.reload();
  }, { accept: (_name, data) => data.pemdaCode === pemdaCode && data.year === year });
  const past = scoreAsOf.data;
  // Opened from a row of a long ranking: the reader is taken to it, a screen reader reads its name.
  useEffect(() => {
    const heading = document.getElementById('pemda-detail-title');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [pemdaCode]);
  const data = report.data;
  return (
    <Section
      id="pemda-detail"
      title={data ? `${data.name} (${data.pemdaCode})` : pemdaLabel(pemdaCode)}
      actions={
        <button type="button" className="button-secondary small" onClick={() => setQueryParam('pemda', null)}>
          {t('action.close')}
        </button>
      }
    >
      {asOf && <p className="notice notice-warning">{t('analyst.drillDownCurrentOnly')}</p>}
      <ErrorNotice error={report.error} />
      <ErrorNotice error={scoreAsOf.error} onRetry={scoreAsOf.reload} />
      {asOf && scoreAsOf.loading && !past && <Loading />}
      {past && (
        <p>
          <Score value={past.total} band={bandOf(past.total, thresholds)} large />{' '}
          {past.asOf && <span className="muted small">{t('analyst.asOfShown', { when: formatDateTime(past.asOf, locale, WIB) })}</span>}
        </p>
      )}
      {data && (
        <>
          {!asOf && (
            <p>
              <Score value={data.total} band={bandOf(data.total, thresholds)} large />
            </p>
          )}
          <p className="muted small">
            {t('analyst.rankInProvince', { rank: data.rankInProvince })} · {t('header.wilayah')} {data.wilayah}
            {data.updatedAt && ` · ${t('analyst.updated', { when: formatDateTime(data.updatedAt, locale, WIB) })}`}
          </p>
        </>
      )}
      <ErrorNotice error={explain.error} />
      {explain.data?.areas.map((area) => (
        <details key={area.code} className="explain-area">
          <summary>
            {area.name} · <Score value={area.score} band={bandOf(Number(area.score), thresholds)} />
          </summary>
          {area.indicators.map((indicator) => (
            <div key={indicator.code} className="explain-indicator">
              <p>
                <strong>{indicator.name}</strong> · {formatScore(indicator.score, locale)}
              </p>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{indicator.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('task.sub')}</th>
                      <th scope="col">{t('task.status')}</th>
                      <th scope="col" className="num">{t('item.claimed')}</th>
                      <th scope="col" className="num">{t('item.verified')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {indicator.subIndicators.map((sub) => (
                      <tr key={sub.code}>
                        <th scope="row">
                          {sub.name} <span className="muted small">{sub.code}</span>
                        </th>
                        <td>{t(`explainStatus.${sub.status}` as DictKey)}</td>
                        <td className="num">{formatNumber(sub.claimedValue, locale)}</td>
                        <td className="num">{formatNumber(sub.verifiedValue, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </details>
      ))}
    </Section>
  );
}

/** Month-end national averages, from the scoring service's history (`asOf`). */
function Trend({ year }: { year: number }) {
  const { t, locale } = useI18n();
  const [shown, setShown] = useState(false);
  const trend = useAsync(async (signal) => {
    if (!shown) return null;
    // Today as KPK counts it (WIB): the UTC date is yesterday's until 07.00.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(serverNow()));
    const months: string[] = [];
    for (let month = 1; month <= 12; month += 1) {
      const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
      if (end >= today) break;
      months.push(end);
    }
    if (months.length === 0 || String(year) === today.slice(0, 4)) months.push(today);
    return inBatches(months, 4, async (date) => {
      const view = await api<RegionAverageView>('/api/scoring/v1/scores/regions/national', { query: { year, asOf: date }, signal });
      return { date, average: view.average, band: view.colourBand };
    });
  }, [shown, year]);
  return (
    <Section id="trend" title={t('trend.title')}>
      {!shown && (
        <button type="button" className="button-secondary" onClick={() => setShown(true)}>
          {t('trend.show')}
        </button>
      )}
      <ErrorNotice error={trend.error} />
      {shown && trend.loading && <Loading />}
      {trend.data && (
        <ul className="bar-list">
          {trend.data.map((point) => (
            <li key={point.date}>
              <span className="bar-label">{new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(point.date))}</span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar-fill band-fill-${point.band}`} style={{ width: `${Math.min(100, point.average)}%` }} />
              </span>
              <Score value={point.average} band={point.band} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
