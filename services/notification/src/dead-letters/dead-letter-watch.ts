import { allContracts, deadLetterTopicOf } from '@mcp/contracts';
import { TopicOffsets, type TopicOffsetTotals } from '@mcp/messaging';
import { RepeatingRun } from '@mcp/service-runtime';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { Notifier } from '../deliveries/notifier';
import { NotificationConfig } from '../notification-config';
import { DeadLetterWatchRepository } from './dead-letter-watch.repository';

/**
 * Tells the admins when records land on a dead-letter topic (`<topic>.dlq`, any service's), at
 * most once per topic per DEAD_LETTER_NOTICE_MINUTES; what arrives meanwhile goes into the next
 * notice, so nothing goes unreported. It watches offsets rather than consuming the records: a dead
 * letter is often a record that cannot be decoded, and this only needs to know that some arrived
 * (docs/decisions.md #41). Every replica checks; the topic's row, locked in the transaction that
 * writes the notice, makes it one notice whoever checks.
 */
@Injectable()
export class DeadLetterWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadLetterWatch.name);
  private readonly topics = allContracts().map((contract) => deadLetterTopicOf(contract.topic));
  private readonly checks = new RepeatingRun('Dead-letter check', () => this.check(), (message) => this.logger.error(message));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offsets: TopicOffsets,
    private readonly watched: DeadLetterWatchRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly config: NotificationConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.checks.every(this.config.DEAD_LETTER_CHECK_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.checks.stop();
  }

  /** Checks every dead-letter topic once; returns how many notices it wrote (one per topic at most). */
  runOnce(): Promise<number> {
    return this.checks.runNow();
  }

  private async check(): Promise<number> {
    let notices = 0;
    for (const totals of await this.offsets.totals(this.topics)) {
      if (await this.checkTopic(totals, this.clock.now())) notices += 1;
    }
    return notices;
  }

  private checkTopic(read: TopicOffsetTotals, now: Date): Promise<boolean> {
    const { topic } = read;
    return this.dataSource.transaction(async (tx) => {
      const watched = await this.watched.lock(tx, topic, read.earliest);
      let { earliest, latest } = read;
      if (latest < watched.reportedOffset) {
        // Below what was reported: a read from before another replica's notice, or the topic deleted
        // and created again. Read again under the row's lock to tell them apart; only the second
        // starts over (else the next notice would count every kept dead letter as new).
        const [current] = await this.offsets.totals([topic]);
        if (!current) return false;
        ({ earliest, latest } = current);
      }
      // Offsets below what was reported: the topic was deleted and created again; start over.
      const reportedOffset = latest < watched.reportedOffset ? earliest : watched.reportedOffset;
      const arrived = latest - reportedOffset;
      const quietUntil = watched.lastNoticeAt && new Date(watched.lastNoticeAt.getTime() + this.config.DEAD_LETTER_NOTICE_MINUTES * 60_000);
      if (arrived <= 0 || (quietUntil && now < quietUntil)) {
        if (reportedOffset !== watched.reportedOffset) await this.watched.record(tx, topic, reportedOffset, null);
        return false;
      }
      await this.notifier.notify(tx, noticeId(topic, latest, now), {
        kind: 'dead_letters.present',
        topic,
        newDeadLetters: arrived,
        deadLettersKept: latest - earliest,
        occurredAt: now.toISOString(),
      });
      await this.watched.record(tx, topic, latest, now);
      return true;
    });
  }
}

/** A stable id per (topic, offset reached, moment): the deliveries' source, so they dedupe like an event's. */
function noticeId(topic: string, latest: number, now: Date): string {
  const hex = createHash('sha256').update(`mcp-dead-letters:${topic}:${latest}:${now.toISOString()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
