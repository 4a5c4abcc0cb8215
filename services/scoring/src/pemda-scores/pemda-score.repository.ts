import { prepared } from '@mcp/postgres-client';
import type { Framework, PemdaScore } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { OutboxStatementPart } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';
import { decimalText } from '../decimal-text';
import { PemdaScoreRecord } from './pemda-score.entity';
import { storedAreaScores, type StoredScore } from './pemda-score.view';

/** What changed a score, as the history records it. */
export type ScoreCause = 'decision' | 'framework-revision';

export interface ScoreReplacement {
  pemdaCode: string;
  year: number;
  framework: Framework;
  score: PemdaScore;
  claimed: PemdaScore;
  cause: ScoreCause;
  /** The decision that changed the score, or for a framework revision the last decision in force. */
  causedByDecisionId: string;
  at: Date;
}

const STORED_COLUMNS = `pemda_code AS "pemdaCode", year, framework_revision AS "frameworkRevision", total, areas,
  claimed_total AS "claimedTotal", claimed_areas AS "claimedAreas"`;

/** `pemda_score` and `pemda_score_history`: each Pemda's current score per year, and every score it had. */
@Injectable()
export class PemdaScoreRepository {
  /** Plain SQL, so the recompute can read it over a DataSource that knows only the schema. */
  async find(db: EntityManager, pemdaCode: string, year: number): Promise<PemdaScoreRecord | undefined> {
    const [row]: PemdaScoreRecord[] = await db.query(
      `SELECT ${STORED_COLUMNS}, caused_by_decision_id AS "causedByDecisionId", updated_at AS "updatedAt"
       FROM ${sqlTable(db, 'pemda_score')} WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return row;
  }

  /** `find` for many Pemda of one year in one statement, by Pemda code (a batch re-scores them together). */
  async findAll(db: EntityManager, pemdaCodes: readonly string[], year: number): Promise<Map<string, PemdaScoreRecord>> {
    const rows: PemdaScoreRecord[] = await db.query(
      `SELECT ${STORED_COLUMNS}, caused_by_decision_id AS "causedByDecisionId", updated_at AS "updatedAt"
       FROM ${sqlTable(db, 'pemda_score')} WHERE pemda_code = ANY($1::text[]) AND year = $2`,
      [pemdaCodes, year],
    );
    return new Map(rows.map((row) => [row.pemdaCode, row]));
  }

  /**
   * Replaces the scores of many Pemda (each at most once), keeps them in the history and writes
   * `announce`'s events, in one statement (docs/decisions.md #115).
   */
  async replaceAll(
    db: EntityManager,
    replacements: readonly ScoreReplacement[],
    announce: (firstParameter: number) => OutboxStatementPart,
  ): Promise<void> {
    if (replacements.length === 0) return;
    const outbox = announce(2);
    // The events' creation spans end with the statement (with its error if it fails).
    const statement = db.query(
      prepared(`WITH h AS MATERIALIZED (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS h(pemda_code text, year int, framework_revision int,
           total numeric, areas jsonb, claimed_total numeric, claimed_areas jsonb, cause text,
           caused_by_decision_id uuid, changed_at timestamptz)
       ), saved AS (
         INSERT INTO ${sqlTable(db, 'pemda_score')} AS s
           (pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, caused_by_decision_id, updated_at)
         SELECT pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, caused_by_decision_id, changed_at FROM h
         ON CONFLICT (pemda_code, year) DO UPDATE SET
           framework_revision = EXCLUDED.framework_revision, total = EXCLUDED.total, areas = EXCLUDED.areas,
           claimed_total = EXCLUDED.claimed_total, claimed_areas = EXCLUDED.claimed_areas,
           caused_by_decision_id = EXCLUDED.caused_by_decision_id, updated_at = EXCLUDED.updated_at
         RETURNING 1
       ), kept AS (
         INSERT INTO ${sqlTable(db, 'pemda_score_history')}
           (pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, cause, caused_by_decision_id, changed_at)
         SELECT pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, cause, caused_by_decision_id, changed_at FROM h
       ), outboxed AS (${outbox.insertSql}),
       notified AS (${outbox.notifySql('outboxed')})
       SELECT (SELECT count(*) FROM saved) AS saved, (SELECT count(*) FROM notified) AS notified`),
      [
        JSON.stringify(
          replacements.map((replacement) => {
            const row = rowOf(replacement);
            return {
              pemda_code: row.pemdaCode,
              year: row.year,
              framework_revision: row.frameworkRevision,
              total: row.total,
              areas: row.areas,
              claimed_total: row.claimedTotal,
              claimed_areas: row.claimedAreas,
              cause: replacement.cause,
              caused_by_decision_id: row.causedByDecisionId,
              changed_at: replacement.at.toISOString(),
            };
          }),
        ),
        ...outbox.parameters,
      ],
    );
    await outbox.settle(statement);
  }

  async current(db: EntityManager, pemdaCode: string, year: number): Promise<StoredScore | undefined> {
    const [row]: StoredScore[] = await db.query(
      `SELECT ${STORED_COLUMNS}, updated_at AS "changedAt" FROM ${sqlTable(db, 'pemda_score')}
       WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return row;
  }

  /** The last change at or before the instant; none means the Pemda had no score then. */
  async asOf(db: EntityManager, pemdaCode: string, year: number, at: Date): Promise<StoredScore | undefined> {
    const [row]: StoredScore[] = await db.query(
      `SELECT ${STORED_COLUMNS}, changed_at AS "changedAt" FROM ${sqlTable(db, 'pemda_score_history')}
       WHERE pemda_code = $1 AND year = $2 AND changed_at <= $3
       ORDER BY changed_at DESC, id DESC LIMIT 1`,
      [pemdaCode, year, at],
    );
    return row;
  }
}

function rowOf(replacement: ScoreReplacement) {
  const { pemdaCode, year, framework } = replacement;
  return {
    pemdaCode,
    year,
    frameworkRevision: framework.revision,
    total: decimalText(replacement.score.total),
    areas: storedAreaScores(framework, replacement.score),
    claimedTotal: decimalText(replacement.claimed.total),
    claimedAreas: storedAreaScores(framework, replacement.claimed),
    causedByDecisionId: replacement.causedByDecisionId,
    updatedAt: replacement.at,
  };
}
