import { sqlTable } from '@mcp/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { FileAllowance } from '../upload/multipart-upload';
import { UploadErrors } from '../upload/upload-errors';
import { UPLOAD_POLICY, type UploadPolicy } from '../upload/upload-policy';

/** The arguments of the per-Pemda quota's transaction-level advisory lock; $1 = the Pemda. */
export const QUOTA_LOCK_KEY = `hashtext('submissions.storage-quota'), hashtext($1::text)`;

/**
 * The per-Pemda storage quota: the bytes of every evidence version the Pemda has (withdrawn ones
 * too, their files stay) and of its clarification attachments against PEMDA_STORAGE_QUOTA_BYTES. Checked twice: before the file is
 * stored (what is left becomes the stream's limit, so an upload over it is cut while it arrives)
 * and again in the transaction that records the version, under a per-Pemda lock, so two uploads
 * at once cannot both take the last gigabyte.
 */
@Injectable()
export class StorageQuota {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UPLOAD_POLICY) private readonly policy: UploadPolicy,
  ) {}

  /** What this Pemda may still store; refuses at once when nothing is left. */
  async allowanceFor(pemdaCode: string): Promise<FileAllowance> {
    return this.allowanceWith(await this.usedBy(this.dataSource.manager, pemdaCode));
  }

  /** The bytes the Pemda stores now. */
  usedBytesOf(pemdaCode: string): Promise<number> {
    return this.usedBy(this.dataSource.manager, pemdaCode);
  }

  /**
   * `allowanceFor` with the Pemda's stored bytes already read (an upload reads them with its
   * destination). `staged`: the bytes its unfinished resumable uploads declared, which a new one must
   * leave room for, or a Pemda could stage any number of quota-sized uploads at once.
   */
  allowanceWith(used: number, staged = 0): FileAllowance {
    const refusal = () => UploadErrors.quotaExceeded(this.policy.pemdaQuotaBytes, used, staged);
    if (used + staged >= this.policy.pemdaQuotaBytes) throw refusal();
    return { maxBytes: this.policy.pemdaQuotaBytes - used - staged, refusal };
  }

  /** Inside the recording transaction; the lock is held until it commits. */
  async assertRoom(manager: EntityManager, pemdaCode: string, sizeBytes: number): Promise<void> {
    await this.lock(manager, pemdaCode);
    await this.assertRoomLocked(manager, pemdaCode, sizeBytes);
  }

  /** The Pemda's quota lock, held until the transaction ends: for a caller with checks of its own under it. */
  async lock(manager: EntityManager, pemdaCode: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(${QUOTA_LOCK_KEY})`, [pemdaCode]);
  }

  /** `assertRoom` once the caller holds `lock`. */
  async assertRoomLocked(manager: EntityManager, pemdaCode: string, sizeBytes: number): Promise<void> {
    this.assertRoomWith(await this.usedBy(manager, pemdaCode), sizeBytes);
  }

  /**
   * `assertRoom` with the stored bytes read after the caller took the quota lock itself
   * (`QUOTA_LOCK_KEY`, as the upload's item lock does) in an earlier statement of its transaction.
   */
  assertRoomWith(used: number, sizeBytes: number): void {
    if (used + sizeBytes > this.policy.pemdaQuotaBytes) throw UploadErrors.quotaExceeded(this.policy.pemdaQuotaBytes, used);
  }

  private async usedBy(manager: EntityManager, pemdaCode: string): Promise<number> {
    const [row]: { used: string }[] = await manager.query(
      // Clarification attachments live in the same storage and count against the same quota (#67).
      `SELECT (COALESCE((SELECT SUM(size_bytes) FROM ${sqlTable(manager, 'evidence')} WHERE pemda_code = $1), 0)
             + COALESCE((SELECT SUM(size_bytes) FROM ${sqlTable(manager, 'clarification_attachment')} WHERE pemda_code = $1), 0))::text AS used`,
      [pemdaCode],
    );
    return Number(row.used);
  }
}
