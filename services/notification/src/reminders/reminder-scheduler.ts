import { computePemdaScore, deadlineInForce, pathToTarget, scorableValues, type Framework } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { parseDeadlineOverrides, RepeatingRun, type DeadlineOverrides } from '@mcp/service-runtime';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { Notifier } from '../deliveries/notifier';
import { NotificationConfig } from '../notification-config';
import { daysLeft, remindersDue } from './reminder-schedule';
import { claimKey, ReminderRepository } from './reminder.repository';

const PRIORITY_ITEMS_SHOWN = 5;

/**
 * Sends the deadline reminders (H-30, H-7, H-1 by default) to every Pemda with open sub-indicators.
 * Each (year, Pemda, offset) is claimed in `reminder_sent` in the transaction that writes its
 * deliveries, so a restart, a second replica or an overlapping tick never sends one twice; the
 * schedule looks at what is due, not at what the previous tick saw, so a restart skips none. Only
 * when the service was down through a whole window does the nearer reminder replace the earlier.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderScheduler.name);
  private readonly rounds = new RepeatingRun('Reminder round', () => this.remindDue(this.clock.now()), (message) => this.logger.error(message));
  private readonly deadlineOverrides: DeadlineOverrides;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly reminders: ReminderRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly config: NotificationConfig,
  ) {
    this.deadlineOverrides = parseDeadlineOverrides(config.UPLOAD_DEADLINES);
  }

  onApplicationBootstrap(): void {
    this.rounds.every(this.config.REMINDER_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** Sends what is due now; returns how many Pemda were reminded. */
  runOnce(): Promise<number> {
    return this.rounds.runNow();
  }

  private async remindDue(now: Date): Promise<number> {
    let reminded = 0;
    const thisYear = now.getUTCFullYear();
    for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
      const record = await this.referenceData.frameworkFor(year);
      if (record) reminded += await this.remindYear(record.framework, now);
    }
    return reminded;
  }

  private async remindYear(framework: Framework, now: Date): Promise<number> {
    const { year } = framework;
    // As submissions decides it: the configured deadline of the year, else the framework's.
    const general = this.deadlineOverrides.get(year) ?? new Date(framework.uploadDeadline);
    const manager = this.dataSource.manager;
    const [extensions, claimed, verified] = [await this.reminders.extensions(manager, year), await this.reminders.claimed(manager, year), await this.reminders.verifiedValues(manager, year)];
    let reminded = 0;
    for (const pemda of await this.referenceData.allPemda()) {
      // As submissions enforces it: the extension only where it is later than the year's deadline.
      const deadline = deadlineInForce(general, extensions.get(pemda.code));
      const due = remindersDue(deadline, this.config.REMINDER_DAYS_BEFORE, now);
      if (due.length === 0) continue;
      const daysBefore = Math.min(...due);
      if (claimed.has(claimKey(pemda.code, deadline, daysBefore))) continue;
      // A value this copy of the framework cannot score (a decision crossing a new revision) is left
      // out of the count; it failed the whole round, and every Pemda after it went unreminded.
      const values = scorableValues(framework, verified.get(pemda.code) ?? new Map<string, number>());
      const path = pathToTarget(framework, values, computePemdaScore(framework, values).total, this.config.REMINDER_TARGET);
      const openItems = path.open.length;
      const sent = await this.dataSource.transaction(async (tx) => {
        const reminder = { year, pemdaCode: pemda.code, deadline, now };
        if (!(await this.reminders.claim(tx, { ...reminder, daysBefore, openItems }))) return false;
        await this.reminders.supersede(tx, reminder, due.filter((days) => days !== daysBefore));
        if (openItems === 0) return false;
        await this.notifier.notify(tx, reminderId(year, pemda.code, deadline, daysBefore), {
          kind: 'deadline.reminder',
          pemdaCode: pemda.code,
          provinceCode: pemda.provinceCode,
          year,
          daysBefore,
          // The claim is the offset; the text says the time actually left (a late or re-dated reminder).
          daysLeft: daysLeft(deadline, now),
          openItems,
          items: (path.priority.length > 0 ? path.priority : path.open).slice(0, PRIORITY_ITEMS_SHOWN).map((item) => ({ code: item.code, name: item.name })),
          occurredAt: deadline.toISOString(),
        });
        return true;
      });
      if (sent) reminded += 1;
    }
    return reminded;
  }
}

/** A stable id per (year, Pemda, deadline, offset): the deliveries' source, so they dedupe like an event's. */
function reminderId(year: number, pemdaCode: string, deadline: Date, daysBefore: number): string {
  const hex = createHash('sha256').update(`mcp-reminder:${year}:${pemdaCode}:${deadline.toISOString()}:${daysBefore}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
