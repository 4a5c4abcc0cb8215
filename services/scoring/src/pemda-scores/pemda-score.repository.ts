import { prepared } from '@mcp/postgres-client';
import type { Framework, PemdaScore } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
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

  /** `replace` for many Pemda (each at most once) in two statements: the scores, then their history rows. */
  async replaceAll(db: EntityManager, replacements: readonly ScoreReplacement[]): Promise<void> {
    if (replacements.length === 0) return;
    const rows = replacements.map(rowOf);
    await db.upsert(PemdaScoreRecord, rows, ['pemdaCode', 'year']);
    await db.query(
      prepared(`INSERT INTO ${sqlTable(db, 'pemda_score_history')}
         (pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, cause,
          caused_by_decision_id, changed_at)
       SELECT h.pemda_code, h.year, h.framework_revision, h.total, h.areas, h.claimed_total, h.claimed_areas, h.cause,
              h.caused_by_decision_id, h.changed_at
       FROM jsonb_to_recordset($1::jsonb) AS h(pemda_code text, year int, framework_revision int,
              total numeric, areas jsonb, claimed_total numeric, claimed_areas jsonb, cause text,
              caused_by_decision_id uuid, changed_at timestamptz)`),
      [
        JSON.stringify(
          replacements.map((replacement, i) => ({
            pemda_code: replacement.pemdaCode,
            year: replacement.year,
            framework_revision: rows[i].frameworkRevision,
            total: rows[i].total,
            areas: rows[i].areas,
            claimed_total: rows[i].claimedTotal,
            claimed_areas: rows[i].claimedAreas,
            cause: replacement.cause,
            caused_by_decision_id: replacement.causedByDecisionId,
            changed_at: replacement.at.toISOString(),
          })),
        ),
      ],
    );
  }

  /** Replaces the current score and keeps it in the history (every change, so "as of" works). */
  async replace(db: EntityManager, replacement: ScoreReplacement): Promise<void> {
    const { pemdaCode, year } = replacement;
    const row = rowOf(replacement);
    await db.upsert(PemdaScoreRecord, row, ['pemdaCode', 'year']);
    await db.query(
      `INSERT INTO ${sqlTable(db, 'pemda_score_history')}
         (pemda_code, year, framework_revision, total, areas, claimed_total, claimed_areas, cause,
          caused_by_decision_id, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        pemdaCode,
        year,
        row.frameworkRevision,
        row.total,
        JSON.stringify(row.areas),
        row.claimedTotal,
        JSON.stringify(row.claimedAreas),
        replacement.cause,
        replacement.causedByDecisionId,
        replacement.at,
      ],
    );
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
