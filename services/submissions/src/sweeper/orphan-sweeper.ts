import type { DataSource } from 'typeorm';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { EVIDENCE_PREFIX, type EvidenceStorage, type StoredObjectInfo } from '../storage/evidence-storage';
import { PendingUploads } from '../storage/pending-uploads';

export interface SweepResult {
  /** Objects proven never committed (a pending upload, no evidence row), removed. */
  removedObjects: string[];
  removedIncompleteWrites: number;
  /**
   * Objects with neither an evidence row nor a pending upload: nothing proves they were never
   * committed (a database restored from an older backup loses rows, not files), so they are kept
   * and reported for a person to reconcile.
   */
  unaccountedObjects: string[];
}

const BATCH = 500;

/**
 * Removes what a crash or a refused upload leaves behind, and only what it can prove was never
 * committed (docs/decisions.md #62): an object whose `pending_upload` row (written before the
 * object) is still there and that no evidence row points to. "No row" alone is no proof: after a
 * restore from backup, real evidence has no row either. Only things older than the grace period
 * are touched, so an upload still in progress is never mistaken for an orphan.
 */
export class OrphanSweeper {
  private readonly evidence: EvidenceRepository;
  private readonly pending: PendingUploads;

  constructor(
    dataSource: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly graceMinutes: number,
  ) {
    this.evidence = new EvidenceRepository(dataSource);
    this.pending = new PendingUploads(dataSource);
  }

  async sweep(now: Date): Promise<SweepResult> {
    const cutoff = new Date(now.getTime() - this.graceMinutes * 60_000);
    const result: SweepResult = { removedObjects: [], removedIncompleteWrites: 0, unaccountedObjects: [] };
    const stored = new Set<string>();
    let batch: StoredObjectInfo[] = [];
    for await (const object of this.storage.list(EVIDENCE_PREFIX)) {
      stored.add(object.key);
      if (object.lastModified >= cutoff) continue;
      batch.push(object);
      if (batch.length === BATCH) {
        await this.sweepBatch(batch, result);
        batch = [];
      }
    }
    await this.sweepBatch(batch, result);
    // A pending upload whose object never got written (refused before storing, or already removed).
    await this.pending.forget((await this.pending.startedBefore(cutoff)).filter((key) => !stored.has(key)));
    result.removedIncompleteWrites = await this.storage.removeIncompleteWrites(cutoff);
    return result;
  }

  private async sweepBatch(objects: StoredObjectInfo[], result: SweepResult): Promise<void> {
    if (objects.length === 0) return;
    const keys = objects.map((object) => object.key);
    const recorded = await this.evidence.recordedStorageKeys(keys);
    const pending = await this.pending.pendingAmong(keys);
    const neverCommitted = keys.filter((key) => pending.has(key) && !recorded.has(key));
    for (const key of neverCommitted) await this.storage.remove(key);
    // Recorded and still pending cannot happen while the row and the marker change together; if
    // it does, the row wins and the marker goes.
    await this.pending.forget([...neverCommitted, ...keys.filter((key) => pending.has(key) && recorded.has(key))]);
    result.removedObjects.push(...neverCommitted);
    result.unaccountedObjects.push(...keys.filter((key) => !pending.has(key) && !recorded.has(key)));
  }
}
