import { FrameworkPublished, type FrameworkPublishedV1 } from '@mcp/contracts';
import type { Framework } from '@mcp/mcp-domain';
import { OutboxWriter } from '@mcp/messaging';
import { ReferenceData, storeFrameworkRevision } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { closedYear, lockYearExclusive } from '../years/year-lock';
import { checkUpload, invalidFrameworkError } from './framework-import-problems';
import { revisionView, type FrameworkRevisionView, type RevisionRow } from './framework-revision.view';
import { uploadedDocument, type FrameworkUpload } from './framework-upload';
import { YearRescoring } from './year-rescoring.service';

/** Who imports or publishes: a token's subject, or the operating-system user of the CLI. */
export type Actor = string;

const REVISION_COLUMNS = `year, revision, document, source, status, imported_by, imported_at, published_by, published_at`;

/**
 * Framework administration: an import validates everything and stores a draft revision (or
 * nothing); publishing makes it immutable, re-scores its year and announces it on the compacted
 * mcp.framework.published.v1, from which every service keeps its own copy.
 */
@Injectable()
export class FrameworksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly rescoring: YearRescoring,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Numbers the draft itself (the next free revision of the year); a revision in the file is ignored. */
  async importDraft(actor: Actor, upload: FrameworkUpload): Promise<FrameworkRevisionView> {
    const uploaded = await uploadedDocument(upload);
    const year = yearOf(uploaded.document);
    return this.dataSource.transaction(async (manager) => {
      if (year !== undefined) await this.requireOpenYear(manager, year);
      const revision = year === undefined ? 1 : await nextRevision(manager, year);
      const checked = checkUpload(uploaded, revision);
      if (!checked.ok) throw invalidFrameworkError(checked.problems);
      const [row]: RevisionRow[] = await manager.query(
        `INSERT INTO "scoring"."framework_revision" (year, revision, document, source, status, imported_by, imported_at)
         VALUES ($1, $2, $3, $4, 'draft', $5, clock_timestamp()) RETURNING ${REVISION_COLUMNS}`,
        [checked.framework.year, revision, JSON.stringify(checked.framework), uploaded.source, actor],
      );
      return revisionView(row);
    });
  }

  async publish(actor: Actor, year: number, revision: number): Promise<FrameworkRevisionView> {
    const published = await this.dataSource.transaction(async (manager) => {
      await this.requireOpenYear(manager, year);
      const draft = await requireDraft(manager, year, revision);
      await requireNewest(manager, year, revision);
      await this.rescoring.assertFits(manager, draft.document);
      // TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
      const [[row]]: [RevisionRow[], number] = await manager.query(
        `UPDATE "scoring"."framework_revision" SET status = 'published', published_by = $3,
           published_at = clock_timestamp()
         WHERE year = $1 AND revision = $2 RETURNING ${REVISION_COLUMNS}`,
        [year, revision, actor],
      );
      // Scoring's own copy is written here, in the same transaction as the re-scoring; its consumer
      // of the event then finds the revision already stored.
      await storeFrameworkRevision(manager, 'scoring', row.document);
      await this.rescoring.rescore(manager, row.document);
      await this.outbox.enqueue(manager, FrameworkPublished, publishedEventOf(row));
      return row;
    });
    this.referenceData.invalidate();
    return revisionView(published);
  }

  /** Every revision of a year: drafts, published ones, and the shipped file the year was seeded from. */
  async revisionsOf(year: number): Promise<FrameworkRevisionView[]> {
    return (await this.rows(year)).map(revisionView);
  }

  async revision(year: number, revision: number): Promise<FrameworkRevisionView & { framework: Framework }> {
    const row = (await this.rows(year)).find((candidate) => candidate.revision === revision);
    if (!row) throw unknownRevision(year, revision);
    return { ...revisionView(row), framework: row.document };
  }

  private async rows(year: number): Promise<RevisionRow[]> {
    return this.dataSource.query(
      `SELECT ${REVISION_COLUMNS} FROM "scoring"."framework_revision" WHERE year = $1
       UNION ALL
       SELECT f.year, f.revision, f.document, 'shipped-file', 'published', NULL, NULL, NULL, f.stored_at
       FROM "scoring"."framework" f
       WHERE f.year = $1 AND NOT EXISTS (
         SELECT 1 FROM "scoring"."framework_revision" r WHERE r.year = f.year AND r.revision = f.revision)
       ORDER BY revision`,
      [year],
    );
  }

  /** Serialised with decisions and closing by the year lock; a closed year takes no new revision. */
  private async requireOpenYear(manager: EntityManager, year: number): Promise<void> {
    await lockYearExclusive(manager, year);
    const closed = await closedYear(manager, year);
    if (!closed) return;
    throw new DomainError(
      'conflict',
      'YEAR_CLOSED',
      `Tahun ${year} sudah ditutup pada ${closed.closedAt.toISOString()}; nilainya final, kerangkanya tidak dapat ` +
        `diubah lagi (year ${year} is closed: its framework can no longer change)`,
    );
  }
}

function yearOf(document: unknown): number | undefined {
  const year = asObject(document)['year'];
  return Number.isInteger(year) && (year as number) >= 2000 && (year as number) <= 2100 ? (year as number) : undefined;
}

function asObject(document: unknown): Record<string, unknown> {
  return typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
}

async function nextRevision(manager: EntityManager, year: number): Promise<number> {
  const [{ latest }]: { latest: number | null }[] = await manager.query(
    `SELECT max(revision) AS latest FROM (
       SELECT revision FROM "scoring"."framework" WHERE year = $1
       UNION ALL SELECT revision FROM "scoring"."framework_revision" WHERE year = $1) revisions`,
    [year],
  );
  return (latest ?? 0) + 1;
}

async function requireDraft(manager: EntityManager, year: number, revision: number): Promise<RevisionRow> {
  const [row]: RevisionRow[] = await manager.query(
    `SELECT ${REVISION_COLUMNS} FROM "scoring"."framework_revision" WHERE year = $1 AND revision = $2 FOR UPDATE`,
    [year, revision],
  );
  if (!row) throw unknownRevision(year, revision);
  if (row.status === 'published') {
    throw new DomainError(
      'conflict',
      'ALREADY_PUBLISHED',
      `Kerangka ${year} revisi ${revision} sudah terbit dan tidak dapat diubah; perbaikan menjadi revisi baru ` +
        `(already published: published revisions are immutable)`,
    );
  }
  return row;
}

/** A draft imported before a revision that was then published would silently roll scores back. */
async function requireNewest(manager: EntityManager, year: number, revision: number): Promise<void> {
  const [{ latest }]: { latest: number | null }[] = await manager.query(
    `SELECT max(revision) AS latest FROM "scoring"."framework" WHERE year = $1`,
    [year],
  );
  if (latest === null || latest < revision) return;
  throw new DomainError(
    'conflict',
    'STALE_REVISION',
    `Revisi ${revision} lebih lama dari revisi ${latest} yang sudah terbit untuk tahun ${year}; impor ulang agar ` +
      `menjadi revisi baru (revision ${revision} is older than published revision ${latest}: import it again)`,
  );
}

function unknownRevision(year: number, revision: number): DomainError {
  return new DomainError(
    'not-found',
    'UNKNOWN_FRAMEWORK_REVISION',
    `Kerangka ${year} revisi ${revision} tidak ada (no framework ${year} revision ${revision})`,
  );
}

/** The contract types the document loosely (its shape is mcp-domain's); a validated Framework fits it. */
function publishedEventOf(row: RevisionRow): FrameworkPublishedV1 {
  return {
    year: row.year,
    revision: row.revision,
    framework: { ...row.document },
    publishedAt: (row.published_at ?? new Date()).toISOString(),
  };
}
