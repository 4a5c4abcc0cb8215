import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** `score_target`: the targets admins set per Pemda and year (exact decimal text). */
@Injectable()
export class ScoreTargetRepository {
  async find(db: EntityManager, pemdaCode: string, year: number): Promise<string | undefined> {
    const [row]: { target: string }[] = await db.query(
      `SELECT target FROM ${sqlTable(db, 'score_target')} WHERE pemda_code = $1 AND year = $2`,
      [pemdaCode, year],
    );
    return row?.target;
  }

  async set(db: EntityManager, target: { pemdaCode: string; year: number; value: number; setBy: string }): Promise<void> {
    await db.query(
      `INSERT INTO ${sqlTable(db, 'score_target')} (pemda_code, year, target, set_by, set_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (pemda_code, year) DO UPDATE SET target = EXCLUDED.target, set_by = EXCLUDED.set_by, set_at = now()`,
      [target.pemdaCode, target.year, target.value, target.setBy],
    );
  }
}
