import { prepared } from '@mcp/postgres-client';
import { sqlTable } from '@mcp/service-runtime';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { EvidenceStorage, type ByteRange, type StoredObjectInfo } from './evidence-storage';

/**
 * The proof the orphan sweeper needs (docs/decisions.md #62): a `pending_upload` row is committed
 * before an object is written and deleted in the transaction that records the evidence row. An
 * object older than the grace period with a pending row and no evidence row was never committed;
 * an object with neither (a database restored from a backup older than the object) proves nothing
 * and is kept.
 */
export class PendingUploads {
  constructor(private readonly dataSource: DataSource) {}

  /** Committed on its own, before the first byte is stored. */
  async started(storageKey: string): Promise<void> {
    await this.dataSource.query(
      prepared(`INSERT INTO ${sqlTable(this.dataSource, 'pending_upload')} (storage_key) VALUES ($1) ON CONFLICT DO NOTHING`),
      [storageKey],
    );
  }

  async forget(storageKeys: string[]): Promise<void> {
    if (storageKeys.length === 0) return;
    await this.dataSource.query(`DELETE FROM ${sqlTable(this.dataSource, 'pending_upload')} WHERE storage_key = ANY($1)`, [storageKeys]);
  }

  /** Which of these keys are still pending (written, or being written, and never committed). */
  async pendingAmong(storageKeys: string[]): Promise<Set<string>> {
    const rows: { storage_key: string }[] = await this.dataSource.query(
      `SELECT storage_key FROM ${sqlTable(this.dataSource, 'pending_upload')} WHERE storage_key = ANY($1)`,
      [storageKeys],
    );
    return new Set(rows.map((row) => row.storage_key));
  }

  async startedBefore(cutoff: Date): Promise<string[]> {
    const rows: { storage_key: string }[] = await this.dataSource.query(
      `SELECT storage_key FROM ${sqlTable(this.dataSource, 'pending_upload')} WHERE started_at < $1`,
      [cutoff],
    );
    return rows.map((row) => row.storage_key);
  }
}

/** In the transaction that records the evidence row: from now on the object is committed evidence. */
export async function markUploadCommitted(manager: EntityManager, storageKey: string): Promise<void> {
  await manager.query(`DELETE FROM ${sqlTable(manager, 'pending_upload')} WHERE storage_key = $1`, [storageKey]);
}

/**
 * The configured driver, with every write announced in `pending_upload` first and every removal
 * forgotten there after, so the upload code itself needs no change to give the sweeper its proof.
 */
export class PendingUploadRecordingStorage extends EvidenceStorage {
  constructor(
    private readonly driver: EvidenceStorage,
    private readonly pending: PendingUploads,
  ) {
    super();
  }

  prepare(): Promise<void> {
    return this.driver.prepare();
  }

  async write(key: string, content: Readable, contentType: string): Promise<void> {
    await this.pending.started(key);
    await this.driver.write(key, content, contentType);
  }

  read(key: string, range?: ByteRange): Promise<Readable> {
    return this.driver.read(key, range);
  }

  async remove(key: string): Promise<void> {
    await this.driver.remove(key);
    await this.pending.forget([key]);
  }

  list(prefix: string): AsyncIterable<StoredObjectInfo> {
    return this.driver.list(prefix);
  }

  removeIncompleteWrites(startedBefore: Date): Promise<number> {
    return this.driver.removeIncompleteWrites(startedBefore);
  }
}
