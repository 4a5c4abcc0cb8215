import { DomainError, sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import { markUploadCommitted } from '../storage/pending-uploads';

export interface ClarificationAttachment {
  id: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  fileName: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Date;
}

interface Row {
  id: string;
  pemda_code: string;
  year: number;
  sub_indicator_code: string;
  sha256: string;
  size_bytes: string;
  content_type: string;
  file_name: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

export async function insertAttachment(manager: EntityManager, attachment: ClarificationAttachment): Promise<void> {
  await manager.query(
    `INSERT INTO ${sqlTable(manager, 'clarification_attachment')}
       (id, pemda_code, year, sub_indicator_code, sha256, size_bytes, content_type, file_name, storage_key, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      attachment.id,
      attachment.pemdaCode,
      attachment.year,
      attachment.subIndicatorCode,
      attachment.sha256,
      attachment.sizeBytes,
      attachment.contentType,
      attachment.fileName,
      attachment.storageKey,
      attachment.uploadedBy,
      attachment.uploadedAt,
    ],
  );
  // As for evidence: once the row commits, the orphan sweeper can no longer take the object (#62).
  await markUploadCommitted(manager, attachment.storageKey);
}

/** Lookup-or-refuse: 404 UNKNOWN_ATTACHMENT. */
export async function requireAttachment(manager: EntityManager, id: string): Promise<ClarificationAttachment> {
  const rows: Row[] = await manager.query(`SELECT * FROM ${sqlTable(manager, 'clarification_attachment')} WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new DomainError('not-found', 'UNKNOWN_ATTACHMENT', `Lampiran klarifikasi ${id} tidak ditemukan (attachment not found)`);
  return {
    id: row.id,
    pemdaCode: row.pemda_code,
    year: row.year,
    subIndicatorCode: row.sub_indicator_code,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    contentType: row.content_type,
    fileName: row.file_name,
    storageKey: row.storage_key,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}
