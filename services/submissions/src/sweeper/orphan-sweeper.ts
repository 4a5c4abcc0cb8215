import type { DataSource } from 'typeorm';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { EVIDENCE_PREFIX, type EvidenceStorage, type StoredObjectInfo } from '../storage/evidence-storage';

export interface SweepResult {
  removedObjects: string[];
  removedIncompleteWrites: number;
}

const BATCH = 500;

/**
 * Removes what a crash can leave behind: objects with no evidence row (the process died between
 * storing the file and committing the row, or could not delete a refused file) and unfinished
 * multipart uploads. Only things older than the grace period are touched, so an upload still in
 * progress is never mistaken for an orphan.
 */
export class OrphanSweeper {
  private readonly evidence: EvidenceRepository;

  constructor(
    dataSource: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly graceMinutes: number,
  ) {
    this.evidence = new EvidenceRepository(dataSource);
  }

  async sweep(now: Date): Promise<SweepResult> {
    const cutoff = new Date(now.getTime() - this.graceMinutes * 60_000);
    const removedObjects: string[] = [];
    let batch: StoredObjectInfo[] = [];
    for await (const object of this.storage.list(EVIDENCE_PREFIX)) {
      if (object.lastModified >= cutoff) continue;
      batch.push(object);
      if (batch.length === BATCH) {
        removedObjects.push(...(await this.removeUnrecorded(batch)));
        batch = [];
      }
    }
    removedObjects.push(...(await this.removeUnrecorded(batch)));
    return { removedObjects, removedIncompleteWrites: await this.storage.removeIncompleteWrites(cutoff) };
  }

  private async removeUnrecorded(objects: StoredObjectInfo[]): Promise<string[]> {
    if (objects.length === 0) return [];
    const recorded = await this.evidence.recordedStorageKeys(objects.map((object) => object.key));
    const orphans = objects.map((object) => object.key).filter((key) => !recorded.has(key));
    for (const key of orphans) await this.storage.remove(key);
    return orphans;
  }
}
