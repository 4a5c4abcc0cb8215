import { WILAYAH, assertCanActForWilayah, type AuthPrincipal, type Wilayah } from '@mcp/auth';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../queue-settings/clock';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue-settings/queue-settings';
import { VerifierScopes } from '../routing/verifier-scopes';
import { calendarDayOf, isCalendarDay } from './calendar-day';
import type { VerifierStats, WaitingTaskView, WilayahStats } from './workload-stats.view';

interface TimesRow {
  group_key: string;
  decided: number;
  median: number | null;
  p90: number | null;
}
interface WaitingRow {
  group_key: string;
  id: string;
  pemda_code: string;
  year: number;
  sub_indicator_code: string;
  waiting_since: Date;
  paused_seconds: number;
}

/**
 * Where work is stuck, for managers (admins: every wilayah; QA reviewers: their own). Open and
 * claimed are counts now; decided and the upload-to-decision times cover the first decisions
 * taken on one calendar day of STATS_TIME_ZONE.
 */
@Injectable()
export class WorkloadStats {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: VerifierScopes,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_SETTINGS) private readonly settings: QueueSettings,
  ) {}

  async byWilayah(principal: AuthPrincipal, date: string | undefined): Promise<WilayahStats[]> {
    const effective = await this.scopes.effective(principal);
    const wilayahs: Wilayah[] = principal.roles.includes('admin') ? [...WILAYAH] : effective.wilayah ? [effective.wilayah] : [];
    const day = this.dayOf(date);
    const now = this.clock.now();
    const counts: { wilayah: string; open: number; claimed: number; paused: number }[] = await this.dataSource.query(
      `SELECT wilayah,
              count(*) FILTER (WHERE status = 'open' OR lease_expires_at <= $2)::int AS open,
              count(*) FILTER (WHERE status = 'claimed' AND lease_expires_at > $2)::int AS claimed,
              count(*) FILTER (WHERE ${this.pausedNow()})::int AS paused
         FROM ${sqlTable(this.dataSource, 'task')} task WHERE status IN ('open', 'claimed') AND wilayah = ANY($1) GROUP BY wilayah`,
      [wilayahs, now],
    );
    const times = await this.decisionTimes('wilayah', day, wilayahs);
    const oldest: WaitingRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (wilayah) wilayah AS group_key, id, pemda_code, year, sub_indicator_code, waiting_since, paused_seconds
         FROM ${sqlTable(this.dataSource, 'task')} task, LATERAL (${this.pausedSecondsOf('task.id', 'task.waiting_since', '$2')}) paused
        WHERE status IN ('open', 'claimed') AND wilayah = ANY($1)
        ORDER BY wilayah, waiting_since + make_interval(secs => paused_seconds), id`,
      [wilayahs, now],
    );
    return wilayahs.map((wilayah) => {
      const count = counts.find((row) => row.wilayah === wilayah);
      return {
        wilayah,
        date: day,
        open: count?.open ?? 0,
        claimed: count?.claimed ?? 0,
        pausedNow: count?.paused ?? 0,
        ...timesOf(times.find((row) => row.group_key === wilayah)),
        oldestWaiting: waitingOf(oldest.find((row) => row.group_key === wilayah)),
      };
    });
  }

  async byVerifier(principal: AuthPrincipal, wilayah: string, date: string | undefined): Promise<VerifierStats[]> {
    assertCanActForWilayah(await this.scopes.effective(principal), wilayah as Wilayah);
    const day = this.dayOf(date);
    const now = this.clock.now();
    const claims: { verifier: string; claimed: number; paused: number }[] = await this.dataSource.query(
      `SELECT claimed_by AS verifier, count(*)::int AS claimed, count(*) FILTER (WHERE ${this.pausedNow()})::int AS paused
         FROM ${sqlTable(this.dataSource, 'task')} task
        WHERE status = 'claimed' AND lease_expires_at > $2 AND wilayah = $1 GROUP BY claimed_by`,
      [wilayah, now],
    );
    const times = await this.decisionTimes('decided_by', day, [wilayah]);
    const oldest: WaitingRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (claimed_by) claimed_by AS group_key, id, pemda_code, year, sub_indicator_code, waiting_since, paused_seconds
         FROM ${sqlTable(this.dataSource, 'task')} task, LATERAL (${this.pausedSecondsOf('task.id', 'task.waiting_since', '$2')}) paused
        WHERE status = 'claimed' AND lease_expires_at > $2 AND wilayah = $1
        ORDER BY claimed_by, waiting_since + make_interval(secs => paused_seconds), id`,
      [wilayah, now],
    );
    const verifiers = [...new Set([...claims.map((row) => row.verifier), ...times.map((row) => row.group_key)])].sort();
    return verifiers.map((verifier) => ({
      verifier,
      wilayah,
      date: day,
      claimed: claims.find((row) => row.verifier === verifier)?.claimed ?? 0,
      pausedNow: claims.find((row) => row.verifier === verifier)?.paused ?? 0,
      ...timesOf(times.find((row) => row.group_key === verifier)),
      oldestWaiting: waitingOf(oldest.find((row) => row.group_key === verifier)),
    }));
  }

  /**
   * Seconds the clock of `task` stood still for the evidence under review: clarification pauses
   * begun at or after its `waiting_since`, each cut at `until` (docs/decisions.md #66).
   */
  private pausedSecondsOf(taskId: string, waitingSince: string, until: string): string {
    return `SELECT coalesce(sum(extract(epoch FROM least(coalesce(pause.resumed_at, ${until}), ${until}) - pause.paused_at)), 0)::float8 AS paused_seconds
              FROM ${sqlTable(this.dataSource, 'clarification_pause')} pause
             WHERE pause.task_id = ${taskId} AND pause.paused_at >= ${waitingSince} AND pause.paused_at < ${until}`;
  }

  /** The task (alias `task`) waits for the Pemda's answer to a question that stopped its clock. */
  private pausedNow(): string {
    return `EXISTS (SELECT 1 FROM ${sqlTable(this.dataSource, 'clarification_pause')} pause
                     WHERE pause.task_id = task.id AND pause.resumed_at IS NULL AND pause.paused_at >= task.waiting_since)`;
  }

  /**
   * Count, median and p90 of upload-to-decision seconds of the day's first decisions, per group;
   * the time a clarification question stopped the clock does not count.
   */
  private decisionTimes(groupBy: 'wilayah' | 'decided_by', day: string, wilayahs: string[]): Promise<TimesRow[]> {
    return this.dataSource.query(
      `SELECT ${groupBy} AS group_key, count(*)::int AS decided,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - waiting_since)::float8 - paused_seconds) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - waiting_since)::float8 - paused_seconds) AS p90
         FROM ${sqlTable(this.dataSource, 'decision')} decision, LATERAL (${this.pausedSecondsOf('decision.task_id', 'decision.waiting_since', 'decision.decided_at')}) paused
        WHERE kind = 'first' AND wilayah = ANY($1)
          AND decided_at >= ($2::date)::timestamp AT TIME ZONE $3
          AND decided_at < ($2::date + 1)::timestamp AT TIME ZONE $3
        GROUP BY ${groupBy}`,
      [wilayahs, day, this.settings.statsTimeZone],
    );
  }

  private dayOf(date: string | undefined): string {
    if (date === undefined) return calendarDayOf(this.clock.now(), this.settings.statsTimeZone);
    if (!isCalendarDay(date)) {
      throw new DomainError('invalid-input', 'INVALID_DATE', `date harus tanggal YYYY-MM-DD, bukan ${date} (date must be YYYY-MM-DD)`);
    }
    return date;
  }
}

function timesOf(row: TimesRow | undefined) {
  return {
    decidedToday: row?.decided ?? 0,
    medianSecondsToDecision: row?.median === null || row?.median === undefined ? null : roundSeconds(row.median),
    p90SecondsToDecision: row?.p90 === null || row?.p90 === undefined ? null : roundSeconds(row.p90),
  };
}

function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function waitingOf(row: WaitingRow | undefined): WaitingTaskView | null {
  return row
    ? {
        taskId: row.id,
        pemdaCode: row.pemda_code,
        year: row.year,
        subIndicatorCode: row.sub_indicator_code,
        waitingSince: row.waiting_since.toISOString(),
        pausedSeconds: roundSeconds(row.paused_seconds),
      }
    : null;
}
