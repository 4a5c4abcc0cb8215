import {
  AggregateUpdated,
  DecisionRefused,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  eventSourceOf,
  readValidData,
  ScoreUpdated,
  YearClosed,
  type McpEvent,
  type ScoreUpdatedV1,
} from '@mcp/contracts';
import { replayTopics, type KafkaSettings, type ReplayProgress } from '@mcp/messaging';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import {
  decisionRefusalRowOf,
  evidenceUploadRowOf,
  evidenceWithdrawalRowOf,
  verificationDecisionRowOf,
  type DecisionRefusalRow,
  type EvidenceUploadRow,
  type EvidenceWithdrawalRow,
  type VerificationDecisionRow,
} from '../evidence-trail/evidence-trail-rows';
import { DECISION_REFUSAL, EVIDENCE_UPLOAD, EVIDENCE_WITHDRAWAL, VERIFICATION_DECISION } from '../evidence-trail/evidence-trail.repository';
import {
  laterRegionRow,
  pemdaReportRowOf,
  regionHistoryRowOf,
  regionReportRowOf,
  scoreHistoryRowOf,
  type RegionHistoryRow,
  type RegionReportRow,
  type ScoreHistoryRow,
} from '../reports/report-rows';
import { CLOSED_YEAR, PEMDA_REPORT, REGION_HISTORY, REGION_REPORT, ReportRepository, SCORE_HISTORY, type ClosedYearRow } from '../reports/report.repository';
import { copyRows } from './copy-rows';

/** The tables a rebuild writes: `<table>_rebuild` beside each live one, same columns and keys. */
const TABLES = [
  PEMDA_REPORT,
  REGION_REPORT,
  SCORE_HISTORY,
  CLOSED_YEAR,
  REGION_HISTORY,
  EVIDENCE_UPLOAD,
  EVIDENCE_WITHDRAWAL,
  VERIFICATION_DECISION,
  DECISION_REFUSAL,
] as const;
/** Tables whose rows are only ever added, keyed by an event's identity: applied row by row, by key. */
const APPEND_ONLY_TABLES = [
  SCORE_HISTORY,
  CLOSED_YEAR,
  REGION_HISTORY,
  EVIDENCE_UPLOAD,
  EVIDENCE_WITHDRAWAL,
  VERIFICATION_DECISION,
  DECISION_REFUSAL,
] as const;
const shadowOf = (table: string) => `${table}_rebuild`;
/** Latest-state tables, moved forward only (by `updated_at`) live and on apply. */
const REPORT_TABLES = [PEMDA_REPORT, REGION_REPORT] as const;
/** The keys each live table held when the rebuild began, before it read the topics' end offsets. */
const beforeOf = (table: string) => `${table}_before_rebuild`;
/** A row's identity in each table, over the alias given: the key the comparison and the apply go by. */
const KEY_OF: Record<(typeof TABLES)[number], (alias: string) => string> = {
  [PEMDA_REPORT]: (a) => `${a}.pemda_code || '/' || ${a}.year`,
  [REGION_REPORT]: (a) => `${a}.region_code || '/' || ${a}.year`,
  [SCORE_HISTORY]: (a) => `${a}.event_id::text`,
  [CLOSED_YEAR]: (a) => `${a}.year::text`,
  [REGION_HISTORY]: (a) => `${a}.event_id::text`,
  [EVIDENCE_UPLOAD]: (a) => `${a}.evidence_id::text`,
  [EVIDENCE_WITHDRAWAL]: (a) => `${a}.evidence_id::text`,
  [VERIFICATION_DECISION]: (a) => `${a}.decision_id::text`,
  [DECISION_REFUSAL]: (a) => `${a}.decision_id::text`,
};
/**
 * Append-only tables loaded by COPY (see copyRows): keyed by an event id, or by the upload or
 * decision an evidence event names, whose first event wins (`keptOnce`), as ON CONFLICT DO NOTHING
 * decides it live.
 */
const COPIED_TABLES = [SCORE_HISTORY, REGION_HISTORY, EVIDENCE_UPLOAD, EVIDENCE_WITHDRAWAL, VERIFICATION_DECISION, DECISION_REFUSAL] as const;
const SCORE_HISTORY_COLUMNS = ['event_id', 'pemda_code', 'year', 'total', 'computed_at'];
const REGION_HISTORY_COLUMNS = ['event_id', 'region_code', 'region_kind', 'year', 'average', 'updated_at'];
const UPLOAD_COLUMNS = ['evidence_id', 'pemda_code', 'year', 'sub_indicator_code', 'claimed_value', 'submitted_at'];
const WITHDRAWAL_COLUMNS = ['evidence_id', 'withdrawn_at'];
const REFUSAL_COLUMNS = ['decision_id', 'reason_code', 'reason', 'refused_at'];
const DECISION_COLUMNS = [
  'decision_id',
  'pemda_code',
  'year',
  'sub_indicator_code',
  'sequence',
  'outcome',
  'verified_value',
  'claimed_value',
  'evidence_ids',
  'decided_at',
];

/** Rows are sent once this many keys are waiting: big statements, bounded memory. */
const FLUSH_AT_KEYS = 50_000;

export interface RebuildOptions {
  apply: boolean;
  onProgress?: (progress: ReplayProgress) => void;
  /** Called as the run moves past reading: comparing can take a while with the bar at 100 %. */
  onPhase?: (phase: 'comparing' | 'applying') => void;
  /** Other topics carrying the same events (a benchmark's copies); the contracts' by default. */
  topics?: string[];
}

export interface RebuildResult {
  eventsRead: number;
  eventsApplied: number;
  /**
   * Duplicates of an event id already applied, and what the live consumer dead-letters: events
   * their schema rejects, events from anyone but their contract's owner, records that are not events.
   */
  eventsSkipped: number;
  seconds: number;
  eventsPerSecond: number;
  /** Keys whose rebuilt row differs from the live one (`table key`), at most 20; empty when equal. */
  differences: string[];
  differenceCount: number;
  /** Whether the rebuilt rows were written into the live tables. */
  applied: boolean;
}

/**
 * Rebuilds every read model from offset 0 of the topics it is made from, into shadow tables, then
 * compares them with the live ones and, on request, brings the live tables to the rebuilt state.
 * It applies the live consumer's rules (first occurrence of an event id, schema-valid data only,
 * newest producer time per key), so on the same events both end in the same rows.
 */
@Injectable()
export class ReadModelRebuild {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportRepository,
  ) {}

  async run(kafka: KafkaSettings, options: RebuildOptions): Promise<RebuildResult> {
    const releaseLock = await this.holdRebuildLock();
    try {
      return await this.rebuildAndCompare(kafka, options);
    } finally {
      // Scratch either way: a failed replay or apply must not leave a schema's worth of copies behind.
      try {
        const db = this.dataSource.manager;
        for (const table of TABLES) {
          await db.query(`DROP TABLE IF EXISTS ${sqlTable(db, shadowOf(table))}`);
          await db.query(`DROP TABLE IF EXISTS ${sqlTable(db, beforeOf(table))}`);
        }
      } finally {
        await releaseLock();
      }
    }
  }

  /**
   * One rebuild at a time per schema: every run uses the same scratch tables, so a second run
   * started while the first compared (the bar sits at 100 %) emptied them, and the first then
   * applied "every row missing", deleting the live read models. Held on a connection of its own
   * for the whole run; a session lock is released by Postgres if this process dies.
   */
  private async holdRebuildLock(): Promise<() => Promise<void>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const key = `${sqlTable(this.dataSource.manager, 'read-model-rebuild')}`;
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      if (!locked) {
        throw new Error(
          'Bangun ulang lain sedang berjalan pada skema ini; tunggu sampai selesai ' +
            '(another read-model rebuild is running on this schema: wait for it to finish)',
        );
      }
    } catch (error) {
      await runner.release();
      throw error;
    }
    return async () => {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      await runner.release();
    };
  }

  private async rebuildAndCompare(kafka: KafkaSettings, options: RebuildOptions): Promise<RebuildResult> {
    const db = this.dataSource.manager;
    for (const table of TABLES) {
      await db.query(`DROP TABLE IF EXISTS ${sqlTable(db, shadowOf(table))}`);
      // Unlogged: a shadow is scratch that a crash loses and the next rebuild makes again, so it
      // need not pay for the write-ahead log. The COPY-loaded append-only tables go without their
      // indexes: their rows are deduplicated in memory, and the comparison reads them whole.
      const copied = (COPIED_TABLES as readonly string[]).includes(table);
      await db.query(
        `CREATE UNLOGGED TABLE ${sqlTable(db, shadowOf(table))} (LIKE ${sqlTable(db, table)} ${copied ? 'INCLUDING DEFAULTS' : 'INCLUDING ALL'})`,
      );
    }
    // Before the replay reads its end offsets: a row the live consumer adds from here on may come
    // from an event past them, which the rebuilt tables cannot hold, so only these keys may be
    // found missing or replaced (the reporting service keeps consuming while this runs).
    for (const table of TABLES) {
      await db.query(`DROP TABLE IF EXISTS ${sqlTable(db, beforeOf(table))}`);
      await db.query(`CREATE UNLOGGED TABLE ${sqlTable(db, beforeOf(table))} AS SELECT DISTINCT ${KEY_OF[table]('live')} AS key FROM ${sqlTable(db, table)} live`);
      await db.query(`ANALYZE ${sqlTable(db, beforeOf(table))}`);
    }
    const seen = new Set<string>();
    const kept: KeptOnce = { uploads: new Set(), withdrawals: new Set(), decisions: new Set(), refusals: new Set() };
    let batch = emptyBatch();
    let applied = 0;
    let skipped = 0;
    // One write in flight while the next events are read and folded: Postgres works in its own
    // process, so reading and writing overlap instead of taking turns. Writes stay in order (each
    // waits for the one before), and a failed write surfaces at the next flush or at the end.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const sending = batch;
      batch = emptyBatch();
      await writing;
      writing = write(sending);
      writing.catch(() => undefined);
    };
    // One connection for every write: the COPY streams need its pg client.
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const write = async (sending: Batch) => {
      const tx = runner.manager;
      await runner.startTransaction();
      try {
        await this.reports.upsertPemda(
          tx,
          [...sending.pemdaLatest.values()].map(({ data }) => pemdaReportRowOf(data)),
          shadowOf(PEMDA_REPORT),
        );
        await this.reports.upsertRegions(tx, [...sending.regionRows.values()], shadowOf(REGION_REPORT));
        // The live consumer's appendHistory skips an event id already stored; `seen` already
        // dropped every repeat, so the rows go in by COPY as they are.
        await copyRows(client, sqlTable(tx, shadowOf(SCORE_HISTORY)), SCORE_HISTORY_COLUMNS, sending.history, (row) => [
          row.eventId,
          row.pemdaCode,
          row.year,
          row.total,
          row.computedAt,
        ]);
        await this.reports.closeYears(tx, sending.closedYears, shadowOf(CLOSED_YEAR));
        await copyRows(client, sqlTable(tx, shadowOf(REGION_HISTORY)), REGION_HISTORY_COLUMNS, sending.regionHistory, (row) => [
          row.eventId,
          row.regionCode,
          row.regionKind,
          row.year,
          row.average,
          row.updatedAt,
        ]);
        // The repository's inserts keep the first row per upload or decision; `keptOnce` already did.
        await copyRows(client, sqlTable(tx, shadowOf(EVIDENCE_UPLOAD)), UPLOAD_COLUMNS, sending.uploads, (row) => [
          row.evidenceId,
          row.pemdaCode,
          row.year,
          row.subIndicatorCode,
          row.claimedValue,
          row.submittedAt,
        ]);
        await copyRows(client, sqlTable(tx, shadowOf(EVIDENCE_WITHDRAWAL)), WITHDRAWAL_COLUMNS, sending.withdrawals, (row) => [
          row.evidenceId,
          row.withdrawnAt,
        ]);
        await copyRows(client, sqlTable(tx, shadowOf(VERIFICATION_DECISION)), DECISION_COLUMNS, sending.decisions, (row) => [
          row.decisionId,
          row.pemdaCode,
          row.year,
          row.subIndicatorCode,
          row.sequence,
          row.outcome,
          row.verifiedValue,
          row.claimedValue,
          // A uuid needs no quoting inside an array literal.
          `{${row.evidenceIds.join(',')}}`,
          row.decidedAt,
        ]);
        await copyRows(client, sqlTable(tx, shadowOf(DECISION_REFUSAL)), REFUSAL_COLUMNS, sending.refusals, (row) => [
          row.decisionId,
          row.reasonCode,
          row.reason,
          row.refusedAt,
        ]);
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    };
    const started = process.hrtime.bigint();
    let read: number;
    let undecodable: number;
    try {
      ({ read, undecodable } = await replayTopics(
        kafka,
        options.topics ?? [
          ScoreUpdated.topic,
          AggregateUpdated.topic,
          YearClosed.topic,
          EvidenceSubmitted.topic,
          EvidenceWithdrawn.topic,
          EvidenceVerified.topic,
          DecisionRefused.topic,
        ],
        async (events: McpEvent<unknown>[]) => {
          for (const event of events) {
            if (seen.has(event.id)) {
              skipped += 1;
              continue;
            }
            // Remembered only once applied, as the live inbox records an id only for a valid event:
            // a forged record must not make the genuine one with its id a duplicate.
            if (!addEvent(event, batch, kept)) {
              skipped += 1;
              continue;
            }
            seen.add(event.id);
            applied += 1;
          }
          if (waitingKeys(batch) >= FLUSH_AT_KEYS) await flush();
        },
        options.onProgress,
      ));
      await flush();
      await writing;
    } finally {
      // A failed write surfaces above (or was already surfaced by a flush); the connection goes back either way.
      await writing.catch(() => undefined);
      await runner.release();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    options.onPhase?.('comparing');
    const { differences, differenceCount } = await this.compare(db);
    if (options.apply && differenceCount > 0) {
      options.onPhase?.('applying');
      await this.applyToLive();
    }
    return {
      eventsRead: read,
      eventsApplied: applied,
      eventsSkipped: skipped + undecodable,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(read / seconds) : 0,
      differences,
      differenceCount,
      applied: options.apply && differenceCount > 0,
    };
  }

  /**
   * Rows present on one side only or different in any column, by table and key. A live row whose
   * key came after the rebuild began is left out: its event may lie past the replay's end.
   */
  private async compare(db: EntityManager): Promise<{ differences: string[]; differenceCount: number }> {
    const differences: string[] = [];
    let differenceCount = 0;
    for (const table of TABLES) {
      const [live, shadow, before] = [sqlTable(db, table), sqlTable(db, shadowOf(table)), sqlTable(db, beforeOf(table))];
      const key = KEY_OF[table];
      const differing = `SELECT DISTINCT ${key('differing')} AS key FROM (
           (SELECT live.* FROM ${live} live WHERE ${key('live')} IN (SELECT key FROM ${before}) EXCEPT SELECT * FROM ${shadow})
           UNION ALL
           (SELECT * FROM ${shadow} EXCEPT SELECT * FROM ${live})
         ) AS differing`;
      // A report row the live consumer moved forward since the start is newer than its rebuilt one;
      // the forward-only upsert keeps it, so it is no difference.
      const newerLive = (REPORT_TABLES as readonly string[]).includes(table)
        ? ` WHERE NOT EXISTS (SELECT 1 FROM ${live} live JOIN ${shadow} rebuilt ON ${key('live')} = ${key('rebuilt')}
             WHERE ${key('live')} = found.key AND live.updated_at > rebuilt.updated_at)`
        : '';
      const counted = `SELECT key FROM (${differing}) AS found${newerLive}`;
      const [{ count }]: { count: number }[] = await db.query(`SELECT count(*)::int AS count FROM (${counted}) AS keys`);
      differenceCount += count;
      const rows: { key: string }[] = await db.query(`${counted} ORDER BY 1 LIMIT 20`);
      for (const { key: found } of rows) differences.push(`${table} ${found}`);
    }
    return { differences: differences.slice(0, 20), differenceCount };
  }

  /**
   * Brings the live tables to the rebuilt rows in one transaction, through the same forward-only
   * upsert: an event the live consumer applied after the replay's end stays, an older row goes.
   * Rows no event accounts for are removed, but only among the keys the live tables held when the
   * rebuild began: a row added since may come from an event past the replay's end, and its event id
   * is in the inbox, so nothing would ever write it again.
   */
  private async applyToLive(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const pemda = sqlTable(tx, PEMDA_REPORT);
      const region = sqlTable(tx, REGION_REPORT);
      await tx.query(
        `DELETE FROM ${pemda} live WHERE ${KEY_OF[PEMDA_REPORT]('live')} IN (SELECT key FROM ${sqlTable(tx, beforeOf(PEMDA_REPORT))})
           AND NOT EXISTS (SELECT 1 FROM ${sqlTable(tx, shadowOf(PEMDA_REPORT))} r WHERE r.pemda_code = live.pemda_code AND r.year = live.year)`,
      );
      await tx.query(
        `DELETE FROM ${region} live WHERE ${KEY_OF[REGION_REPORT]('live')} IN (SELECT key FROM ${sqlTable(tx, beforeOf(REGION_REPORT))})
           AND NOT EXISTS (SELECT 1 FROM ${sqlTable(tx, shadowOf(REGION_REPORT))} r WHERE r.region_code = live.region_code AND r.year = live.year)`,
      );
      for (const table of APPEND_ONLY_TABLES) {
        const [live, shadow, before, key] = [sqlTable(tx, table), sqlTable(tx, shadowOf(table)), sqlTable(tx, beforeOf(table)), KEY_OF[table]];
        // A row held before that the events do not account for, or that differs from its rebuilt row, goes ...
        await tx.query(
          `DELETE FROM ${live} live WHERE ${key('live')} IN (SELECT key FROM ${before})
             AND ${key('live')} IN (SELECT ${key('differing')} FROM (SELECT * FROM ${live} EXCEPT SELECT * FROM ${shadow}) differing)`,
        );
        // ... and every rebuilt row the live table lacks comes in; rows added since the start stay.
        await tx.query(
          // The live consumer may be writing the same key meanwhile (it lags behind the replay): it wins.
          `INSERT INTO ${live} SELECT rebuilt.* FROM ${shadow} rebuilt
           WHERE NOT EXISTS (SELECT 1 FROM ${live} live WHERE ${key('live')} = ${key('rebuilt')})
           ON CONFLICT DO NOTHING`,
        );
      }
      await tx.query(
        `INSERT INTO ${pemda} AS stored SELECT * FROM ${sqlTable(tx, shadowOf(PEMDA_REPORT))}
         ON CONFLICT (pemda_code, year) DO UPDATE SET
           framework_revision = EXCLUDED.framework_revision, total = EXCLUDED.total,
           areas = EXCLUDED.areas, updated_at = EXCLUDED.updated_at
         WHERE stored.updated_at <= EXCLUDED.updated_at`,
      );
      await tx.query(
        `INSERT INTO ${region} AS stored SELECT * FROM ${sqlTable(tx, shadowOf(REGION_REPORT))}
         ON CONFLICT (region_code, year) DO UPDATE SET
           region_kind = EXCLUDED.region_kind, average = EXCLUDED.average, score_sum = EXCLUDED.score_sum,
           pemda_count = EXCLUDED.pemda_count, updated_at = EXCLUDED.updated_at, areas = EXCLUDED.areas
         WHERE stored.updated_at <= EXCLUDED.updated_at`,
      );
    });
  }
}

/** What the next flush writes: one row per key for the latest-state tables, every event for the history. */
interface Batch {
  /**
   * The newest score per Pemda and year, kept as the event's data with its time parsed once: the
   * row (areas as JSON text) is made at the flush, for the one event per key that wins, not for
   * every event read.
   */
  pemdaLatest: Map<string, { data: ScoreUpdatedV1; at: number }>;
  regionRows: Map<string, RegionReportRow>;
  history: ScoreHistoryRow[];
  closedYears: ClosedYearRow[];
  regionHistory: RegionHistoryRow[];
  uploads: EvidenceUploadRow[];
  withdrawals: EvidenceWithdrawalRow[];
  decisions: VerificationDecisionRow[];
  refusals: DecisionRefusalRow[];
}

function emptyBatch(): Batch {
  return {
    pemdaLatest: new Map(),
    regionRows: new Map(),
    history: [],
    closedYears: [],
    regionHistory: [],
    uploads: [],
    withdrawals: [],
    decisions: [],
    refusals: [],
  };
}

function waitingKeys(batch: Batch): number {
  return (
    batch.pemdaLatest.size +
    batch.regionRows.size +
    batch.history.length +
    batch.regionHistory.length +
    batch.uploads.length +
    batch.withdrawals.length +
    batch.decisions.length +
    batch.refusals.length
  );
}

/** The uploads, withdrawals, decisions and refusals already given a row: a later event about one adds none. */
interface KeptOnce {
  uploads: Set<string>;
  withdrawals: Set<string>;
  decisions: Set<string>;
  refusals: Set<string>;
}

function keptOnce(kept: Set<string>, key: string): boolean {
  if (kept.has(key)) return false;
  kept.add(key);
  return true;
}

/** What the live consumer's inbox checks first: only a contract's owner speaks for its facts (#58). */
const OWNER_OF_TYPE = new Map(
  [ScoreUpdated, AggregateUpdated, EvidenceSubmitted, EvidenceWithdrawn, EvidenceVerified, DecisionRefused, YearClosed].map((contract) => [
    contract.type,
    eventSourceOf(contract),
  ]),
);

/** Adds a valid event to the batch by the live consumer's rules; false for one it would not apply. */
function addEvent(event: McpEvent<unknown>, batch: Batch, kept: KeptOnce): boolean {
  // The live consumer dead-letters an event from anyone but the owner; the rebuild skips it.
  if (OWNER_OF_TYPE.get(event.type) !== event.source) return false;
  try {
    if (event.type === ScoreUpdated.type) {
      readValidData(ScoreUpdated, event.data);
      const key = `${event.data.pemdaCode}/${event.data.year}`;
      const at = Date.parse(event.data.computedAt);
      const previous = batch.pemdaLatest.get(key);
      // laterPemdaRow's rule: the stored one stays only when strictly newer.
      if (!previous || !(previous.at > at)) batch.pemdaLatest.set(key, { data: event.data, at });
      batch.history.push(scoreHistoryRowOf(event.id, event.data));
      return true;
    }
    if (event.type === AggregateUpdated.type) {
      readValidData(AggregateUpdated, event.data);
      const row = regionReportRowOf(event.data);
      const key = `${row.regionCode}/${row.year}`;
      batch.regionRows.set(key, laterRegionRow(batch.regionRows.get(key), row));
      batch.regionHistory.push(regionHistoryRowOf(event.id, event.data));
      return true;
    }
    if (event.type === EvidenceSubmitted.type) {
      readValidData(EvidenceSubmitted, event.data);
      if (keptOnce(kept.uploads, event.data.evidenceId.toLowerCase())) batch.uploads.push(evidenceUploadRowOf(event.data));
      return true;
    }
    if (event.type === EvidenceWithdrawn.type) {
      readValidData(EvidenceWithdrawn, event.data);
      if (keptOnce(kept.withdrawals, event.data.evidenceId.toLowerCase())) batch.withdrawals.push(evidenceWithdrawalRowOf(event.data));
      return true;
    }
    if (event.type === EvidenceVerified.type) {
      readValidData(EvidenceVerified, event.data);
      if (keptOnce(kept.decisions, event.data.decisionId.toLowerCase())) batch.decisions.push(verificationDecisionRowOf(event.data));
      return true;
    }
    if (event.type === DecisionRefused.type) {
      readValidData(DecisionRefused, event.data);
      if (keptOnce(kept.refusals, event.data.decisionId.toLowerCase())) batch.refusals.push(decisionRefusalRowOf(event.data));
      return true;
    }
    if (event.type === YearClosed.type) {
      readValidData(YearClosed, event.data);
      batch.closedYears.push({
        year: event.data.year,
        closedAt: event.data.closedAt,
        finalScores: event.data.finalScores ?? null,
      });
      return true;
    }
    return false;
  } catch {
    return false;
  }
}
