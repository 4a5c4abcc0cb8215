import type { Framework } from '@mcp/mcp-domain';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface RevisionRow {
  year: number;
  revision: number;
  document: Framework;
  source: string;
  status: 'draft' | 'published';
  imported_by: string | null;
  imported_at: Date | null;
  published_by: string | null;
  published_at: Date | null;
}

const REVISION_COLUMNS = `year, revision, document, source, status, imported_by, imported_at, published_by, published_at`;

/**
 * `framework_revision`: the drafts admins import and their publication. Published revisions are
 * also stored in `framework` (reference data, which scores read), and a year seeded from a shipped
 * file has its revision only there.
 */
@Injectable()
export class FrameworkRevisionRepository {
  async addDraft(db: EntityManager, draft: { framework: Framework; source: string; importedBy: string }): Promise<RevisionRow> {
    const { framework } = draft;
    const [row]: RevisionRow[] = await db.query(
      `INSERT INTO ${sqlTable(db, 'framework_revision')} (year, revision, document, source, status, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, 'draft', $5, clock_timestamp()) RETURNING ${REVISION_COLUMNS}`,
      [framework.year, framework.revision, JSON.stringify(framework), draft.source, draft.importedBy],
    );
    return row;
  }

  /** Locked until commit, so a revision is published once. */
  async lockForUpdate(db: EntityManager, year: number, revision: number): Promise<RevisionRow | undefined> {
    const [row]: RevisionRow[] = await db.query(
      `SELECT ${REVISION_COLUMNS} FROM ${sqlTable(db, 'framework_revision')} WHERE year = $1 AND revision = $2 FOR UPDATE`,
      [year, revision],
    );
    return row;
  }

  async markPublished(db: EntityManager, year: number, revision: number, publishedBy: string): Promise<RevisionRow> {
    // TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
    const [[row]]: [RevisionRow[], number] = await db.query(
      `UPDATE ${sqlTable(db, 'framework_revision')} SET status = 'published', published_by = $3,
         published_at = clock_timestamp()
       WHERE year = $1 AND revision = $2 RETURNING ${REVISION_COLUMNS}`,
      [year, revision, publishedBy],
    );
    return row;
  }

  /** Every revision of a year: drafts, published ones, and the shipped file the year was seeded from. */
  async revisionsOf(db: EntityManager, year: number): Promise<RevisionRow[]> {
    return db.query(
      `SELECT ${REVISION_COLUMNS} FROM ${sqlTable(db, 'framework_revision')} WHERE year = $1
       UNION ALL
       SELECT f.year, f.revision, f.document, 'shipped-file', 'published', NULL, NULL, NULL, f.stored_at
       FROM ${sqlTable(db, 'framework')} f
       WHERE f.year = $1 AND NOT EXISTS (
         SELECT 1 FROM ${sqlTable(db, 'framework_revision')} r WHERE r.year = f.year AND r.revision = f.revision)
       ORDER BY revision`,
      [year],
    );
  }

  /** The next free number of the year, over drafts and stored revisions alike. */
  async nextRevision(db: EntityManager, year: number): Promise<number> {
    const [{ latest }]: { latest: number | null }[] = await db.query(
      `SELECT max(revision) AS latest FROM (
         SELECT revision FROM ${sqlTable(db, 'framework')} WHERE year = $1
         UNION ALL SELECT revision FROM ${sqlTable(db, 'framework_revision')} WHERE year = $1) revisions`,
      [year],
    );
    return (latest ?? 0) + 1;
  }

  async latestPublished(db: EntityManager, year: number): Promise<number | null> {
    const [{ latest }]: { latest: number | null }[] = await db.query(
      `SELECT max(revision) AS latest FROM ${sqlTable(db, 'framework')} WHERE year = $1`,
      [year],
    );
    return latest;
  }
}
