import type { AggregateUpdatedV1, ScoreUpdatedV1 } from '@mcp/contracts';

/** One `pemda_report` row as written: exact decimals as text, the producer's time as ISO text. */
export interface PemdaReportRow {
  pemdaCode: string;
  year: number;
  frameworkRevision: number;
  total: string;
  areas: string;
  updatedAt: string;
}

/** One `region_report` row as written; `areas` null when the event carried none (decisions.md #17). */
export interface RegionReportRow {
  regionCode: string;
  regionKind: string;
  year: number;
  average: string;
  scoreSum: string;
  pemdaCount: number;
  updatedAt: string;
  areas: string | null;
}

export function pemdaReportRowOf(data: ScoreUpdatedV1): PemdaReportRow {
  return {
    pemdaCode: data.pemdaCode,
    year: data.year,
    frameworkRevision: data.frameworkRevision,
    total: data.total,
    areas: JSON.stringify(data.areas),
    updatedAt: data.computedAt,
  };
}

export function regionReportRowOf(data: AggregateUpdatedV1): RegionReportRow {
  return {
    regionCode: data.regionCode,
    regionKind: data.regionKind,
    year: data.year,
    average: data.average,
    scoreSum: data.scoreSum,
    pemdaCount: data.pemdaCount,
    updatedAt: data.updatedAt,
    areas: data.areas ? JSON.stringify(data.areas) : null,
  };
}

/**
 * What the table ends with after `next` is applied on top of `previous` for the same key: the
 * rule of the upserts, applied in memory so a batch sends one row per key (Postgres refuses an
 * INSERT … ON CONFLICT that touches a row twice). ISO times of one producer compare as text.
 */
export function laterPemdaRow(previous: PemdaReportRow | undefined, next: PemdaReportRow): PemdaReportRow {
  if (previous && Date.parse(previous.updatedAt) > Date.parse(next.updatedAt)) return previous;
  return next;
}

export function laterRegionRow(previous: RegionReportRow | undefined, next: RegionReportRow): RegionReportRow {
  if (previous && Date.parse(previous.updatedAt) > Date.parse(next.updatedAt)) return previous;
  return { ...next, areas: next.areas ?? previous?.areas ?? null };
}

/**
 * One row per Pemda and year: what upserting `rows` one after another leaves, whatever row is
 * stored already, so a batch of events goes in one multi-row upsert (docs/decisions.md #94).
 */
export function latestPemdaRows(rows: readonly PemdaReportRow[]): PemdaReportRow[] {
  const latest = new Map<string, PemdaReportRow>();
  for (const row of rows) {
    const key = `${row.pemdaCode}/${row.year}`;
    latest.set(key, laterPemdaRow(latest.get(key), row));
  }
  return [...latest.values()];
}

/**
 * Region rows in rounds of at most one row per region and year, so that upserting the rounds in
 * order leaves what upserting the rows one by one would. A region whose rows all carry areas takes
 * one round, its latest row. A row without areas (an event from before they existed, #17) keeps
 * the areas of whatever row it replaces, and whether an older row of the same batch replaced the
 * stored one depends on the stored row's time, which only the database knows: such a region's rows
 * go one per round, in order.
 */
export function regionRowRounds(rows: readonly RegionReportRow[]): RegionReportRow[][] {
  const byRegion = new Map<string, RegionReportRow[]>();
  for (const row of rows) {
    const key = `${row.regionCode}/${row.year}`;
    byRegion.set(key, [...(byRegion.get(key) ?? []), row]);
  }
  const rounds: RegionReportRow[][] = [];
  const roundAt = (index: number) => (rounds[index] ??= []);
  for (const regionRows of byRegion.values()) {
    if (regionRows.every((row) => row.areas !== null)) {
      roundAt(0).push(regionRows.reduce<RegionReportRow | undefined>(laterRegionRow, undefined) as RegionReportRow);
    } else {
      regionRows.forEach((row, index) => roundAt(index).push(row));
    }
  }
  return rounds;
}

/** One `pemda_score_history` row: a score as one event announced it. */
export interface ScoreHistoryRow {
  eventId: string;
  pemdaCode: string;
  year: number;
  total: string;
  computedAt: string;
}

export function scoreHistoryRowOf(eventId: string, data: ScoreUpdatedV1): ScoreHistoryRow {
  return { eventId, pemdaCode: data.pemdaCode, year: data.year, total: data.total, computedAt: data.computedAt };
}

/** One `region_score_history` row: a region's average as one aggregate event announced it. */
export interface RegionHistoryRow {
  eventId: string;
  regionCode: string;
  regionKind: string;
  year: number;
  average: string;
  updatedAt: string;
}

export function regionHistoryRowOf(eventId: string, data: AggregateUpdatedV1): RegionHistoryRow {
  return {
    eventId,
    regionCode: data.regionCode,
    regionKind: data.regionKind,
    year: data.year,
    average: data.average,
    updatedAt: data.updatedAt,
  };
}
