import type { ClarificationAttachmentUploadedV1 } from '@mcp/contracts';
import { DomainError, sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';
import type { Task } from '../task-records/task.entity';

/** Records the item of an attachment submissions stored; a redelivered event changes nothing. */
export async function recordAttachmentItem(manager: EntityManager, event: ClarificationAttachmentUploadedV1): Promise<void> {
  await manager.query(
    `INSERT INTO ${sqlTable(manager, 'clarification_attachment_item')} (attachment_id, pemda_code, year, sub_indicator_code, uploaded_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (attachment_id) DO NOTHING`,
    [event.attachmentId, event.pemdaCode, event.year, event.subIndicatorCode, event.uploadedAt],
  );
}

/**
 * A message attaches only a file stored for its task's item (docs/decisions.md #146): a file of
 * another Pemda or another item would sit in a thread whose readers may not open it, and in the
 * audit trail as evidence of something it is not about. One submissions has stored but not yet
 * announced is refused as retryable: the announcement follows its commit within a second.
 */
export async function assertAttachmentOfTask(
  manager: EntityManager,
  attachmentId: string,
  task: Pick<Task, 'pemdaCode' | 'year' | 'subIndicatorCode'>,
): Promise<void> {
  const [item]: { pemdaCode: string; year: number; subIndicatorCode: string }[] = await manager.query(
    `SELECT pemda_code AS "pemdaCode", year, sub_indicator_code AS "subIndicatorCode"
     FROM ${sqlTable(manager, 'clarification_attachment_item')} WHERE attachment_id = $1`,
    [attachmentId],
  );
  if (!item) {
    throw new DomainError(
      'conflict',
      'ATTACHMENT_NOT_YET_KNOWN',
      `Lampiran ${attachmentId} belum dikenal layanan verifikasi; coba kirim lagi sebentar lagi, atau unggah ulang lampirannya (the attachment is not known yet: retry shortly)`,
      { attachmentId },
    );
  }
  if (item.pemdaCode !== task.pemdaCode || item.year !== task.year || item.subIndicatorCode !== task.subIndicatorCode) {
    throw new DomainError(
      'unprocessable',
      'FOREIGN_ATTACHMENT',
      `Lampiran ${attachmentId} diunggah untuk butir lain, bukan ${task.subIndicatorCode} tahun ${task.year} Pemda ${task.pemdaCode}; unggah lampiran untuk butir ini (the attachment belongs to another item)`,
      { attachmentId },
    );
  }
}
