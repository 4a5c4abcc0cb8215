import { auditTrail } from '@mcp/audit-trail';
import { FrameworkPublished, type FrameworkPublishedV1 } from '@mcp/contracts';
import { indexFramework, type Framework } from '@mcp/mcp-domain';
import { OutboxWriter } from '@mcp/messaging';
import { announceReferenceDataChange, ReferenceData, storeFrameworkRevision } from '@mcp/reference-data';
import { DomainError, schemaOf } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ClosedYearRepository } from '../years/closed-year.repository';
import { lockYearExclusive } from '../years/year-lock';
import { checkUpload, invalidFrameworkError } from './framework-import-problems';
import { FrameworkRevisionRepository, type RevisionRow } from './framework-revision.repository';
import { revisionView, type FrameworkRevisionView } from './framework-revision.view';
import { uploadedDocument, type FrameworkUpload } from './framework-upload';
import { YearRescoring } from './year-rescoring.service';

/** Who imports or publishes: a token's subject, or the operating-system user of the CLI. */
export type Actor = string;

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
    private readonly revisions: FrameworkRevisionRepository,
    private readonly closedYears: ClosedYearRepository,
    private readonly rescoring: YearRescoring,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Numbers the draft itself (the next free revision of the year); a revision in the file is ignored. */
  async importDraft(actor: Actor, upload: FrameworkUpload): Promise<FrameworkRevisionView> {
    const uploaded = await uploadedDocument(upload);
    const year = yearOf(uploaded.document);
    return this.dataSource.transaction(async (tx) => {
      if (year !== undefined) await this.lockOpenYear(tx, year);
      const revision = year === undefined ? 1 : await this.revisions.nextRevision(tx, year);
      const checked = checkUpload(uploaded, revision);
      if (!checked.ok) throw invalidFrameworkError(checked.problems);
      const draft = await this.revisions.addDraft(tx, { framework: checked.framework, source: uploaded.source, importedBy: actor });
      return revisionView(draft, removedSubIndicators((await this.referenceData.frameworkIn(tx, draft.year))?.framework, draft.document));
    });
  }

  /**
   * `confirmedRemovals`: the sub-indicators the admin knows the revision drops (their unfinished
   * verification tasks are cancelled on publication, #166); must be exactly those it drops.
   */
  async publish(actor: Actor, year: number, revision: number, confirmedRemovals: readonly string[] = []): Promise<FrameworkRevisionView> {
    const published = await this.dataSource.transaction(async (tx) => {
      const at = await this.lockOpenYear(tx, year);
      const draft = await this.requireDraft(tx, year, revision);
      await this.requireNewest(tx, year, revision);
      await this.rescoring.assertFits(tx, draft.document);
      const removed = removedSubIndicators((await this.referenceData.frameworkIn(tx, year))?.framework, draft.document);
      assertRemovalsConfirmed(year, revision, removed, confirmedRemovals);
      const row = await this.revisions.markPublished(tx, year, revision, actor);
      // Scoring's own copy is written here, in the same transaction as the re-scoring; its consumer
      // of the event then finds the revision already stored. Every replica drops its cached copy
      // on commit.
      await storeFrameworkRevision(tx, schemaOf(tx), row.document);
      await announceReferenceDataChange(tx);
      await this.rescoring.rescore(tx, row.document, at);
      await this.outbox.enqueue(tx, FrameworkPublished, publishedEventOf(row));
      await auditTrail.append(tx, {
        actor,
        action: 'framework.published',
        year,
        details: removed.length > 0 ? { revision, removedSubIndicators: removed } : { revision },
        occurredAt: at,
      });
      return row;
    });
    // The change notice reaches this replica too, but only a moment later.
    this.referenceData.invalidate();
    return revisionView(published);
  }

  /**
   * Every revision of a year: drafts, published ones, and the shipped file the year was seeded from.
   * A draft lists the sub-indicators it would drop from the newest published revision.
   */
  async revisionsOf(year: number): Promise<FrameworkRevisionView[]> {
    const rows = await this.revisions.revisionsOf(this.dataSource.manager, year);
    return rows.map((row) => viewAmong(rows, row));
  }

  async revision(year: number, revision: number): Promise<FrameworkRevisionView & { framework: Framework }> {
    const rows = await this.revisions.revisionsOf(this.dataSource.manager, year);
    const row = rows.find((candidate) => candidate.revision === revision);
    if (!row) throw unknownRevision(year, revision);
    return { ...viewAmong(rows, row), framework: row.document };
  }

  /**
   * Serialised with decisions and closing by the year lock; a closed year takes no new revision.
   * Returns the database clock read under the lock.
   */
  private async lockOpenYear(tx: EntityManager, year: number): Promise<Date> {
    const at = await lockYearExclusive(tx, year);
    const closed = await this.closedYears.find(tx, year);
    if (!closed) return at;
    throw new DomainError(
      'conflict',
      'YEAR_CLOSED',
      `Tahun ${year} sudah ditutup pada ${closed.closedAt.toISOString()}; nilainya final, kerangkanya tidak dapat ` +
        `diubah lagi (year ${year} is closed: its framework can no longer change)`,
    );
  }

  private async requireDraft(tx: EntityManager, year: number, revision: number): Promise<RevisionRow> {
    const row = await this.revisions.lockForUpdate(tx, year, revision);
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
  private async requireNewest(tx: EntityManager, year: number, revision: number): Promise<void> {
    const latest = await this.revisions.latestPublished(tx, year);
    if (latest === null || latest < revision) return;
    throw new DomainError(
      'conflict',
      'STALE_REVISION',
      `Revisi ${revision} lebih lama dari revisi ${latest} yang sudah terbit untuk tahun ${year}; impor ulang agar ` +
        `menjadi revisi baru (revision ${revision} is older than published revision ${latest}: import it again)`,
    );
  }
}

function viewAmong(rows: readonly RevisionRow[], row: RevisionRow): FrameworkRevisionView {
  const newestPublished = rows.filter((candidate) => candidate.status === 'published').at(-1);
  // A draft older than the newest published revision can no longer be published (STALE_REVISION).
  if (row.status !== 'draft' || (newestPublished && newestPublished.revision > row.revision)) return revisionView(row);
  return revisionView(row, removedSubIndicators(newestPublished?.document, row.document));
}

/** The codes `published` has and `draft` lacks, sorted; none when nothing is published yet. */
export function removedSubIndicators(published: Framework | undefined, draft: Framework): string[] {
  if (!published) return [];
  const kept = new Set(indexFramework(draft).subIndicators.keys());
  return [...indexFramework(published).subIndicators.keys()].filter((code) => !kept.has(code)).sort();
}

/**
 * A dropped sub-indicator cancels its unfinished tasks in every Pemda: an admin who did not mean
 * to drop it (a row lost in the workbook) must see the list before anything changes.
 */
function assertRemovalsConfirmed(year: number, revision: number, removed: readonly string[], confirmed: readonly string[]): void {
  const confirmedSet = new Set(confirmed);
  if (confirmedSet.size === removed.length && removed.every((code) => confirmedSet.has(code))) return;
  throw new DomainError(
    'conflict',
    'SUB_INDICATORS_REMOVED',
    removed.length > 0
      ? `Revisi ${revision} tahun ${year} menghapus sub-indikator ${removed.join(', ')}; tugas verifikasi yang belum selesai ` +
          `untuk sub-indikator itu akan dibatalkan. Terbitkan dengan confirmRemovedSubIndicators berisi daftar yang sama ` +
          `(the revision drops these sub-indicators: confirm exactly this list)`
      : `Revisi ${revision} tahun ${year} tidak menghapus sub-indikator apa pun; kosongkan confirmRemovedSubIndicators ` +
          `(the revision drops no sub-indicator: confirm none)`,
    { removedSubIndicators: removed },
  );
}

function yearOf(document: unknown): number | undefined {
  const year = asObject(document)['year'];
  return Number.isInteger(year) && (year as number) >= 2000 && (year as number) <= 2100 ? (year as number) : undefined;
}

function asObject(document: unknown): Record<string, unknown> {
  return typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
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
