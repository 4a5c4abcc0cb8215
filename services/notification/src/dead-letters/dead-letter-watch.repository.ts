import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface WatchedTopic {
  topic: string;
  /** Records before this offset (summed over partitions) were already reported. */
  reportedOffset: number;
  lastNoticeAt: Date | null;
}

/** Owns the SQL of `dead_letter_watch`. */
@Injectable()
export class DeadLetterWatchRepository {
  /**
   * The topic's row, locked for the caller's transaction. A topic seen for the first time starts
   * at `earliest`: what it still holds has never been reported.
   */
  async lock(tx: EntityManager, topic: string, earliest: number): Promise<WatchedTopic> {
    await tx.query(
      `INSERT INTO ${sqlTable(tx, 'dead_letter_watch')} (topic, reported_offset) VALUES ($1, $2) ON CONFLICT (topic) DO NOTHING`,
      [topic, earliest],
    );
    const [row]: { topic: string; reportedOffset: string; lastNoticeAt: Date | null }[] = await tx.query(
      `SELECT topic, reported_offset AS "reportedOffset", last_notice_at AS "lastNoticeAt"
       FROM ${sqlTable(tx, 'dead_letter_watch')} WHERE topic = $1 FOR UPDATE`,
      [topic],
    );
    return { topic: row.topic, reportedOffset: Number(row.reportedOffset), lastNoticeAt: row.lastNoticeAt ? new Date(row.lastNoticeAt) : null };
  }

  async record(tx: EntityManager, topic: string, reportedOffset: number, noticeAt: Date | null): Promise<void> {
    await tx.query(
      `UPDATE ${sqlTable(tx, 'dead_letter_watch')} SET reported_offset = $2, last_notice_at = COALESCE($3, last_notice_at) WHERE topic = $1`,
      [topic, reportedOffset, noticeAt],
    );
  }
}
