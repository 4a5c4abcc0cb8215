import { auditTrail } from '@mcp/audit-trail';
import { ClarificationAttachmentUploaded } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { assertCanActForPemda, assertMayOpenEvidence, type AuthPrincipal } from '@mcp/auth';
import type { LocatedSubIndicator } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { VerifierWilayahs } from '@mcp/verifier-wilayah';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PickType } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { EvidenceScans } from '../evidence/evidence-scans';
import { evidenceFileName } from '../evidence/file-name';
import { StorageQuota } from '../evidence/storage-quota';
import { OperatorScope } from '../operator-assignments/operator-scope';
import { SubmitEvidenceDto, uploadFieldProblems } from '../evidence/submit-evidence.dto';
import type { UploadTarget } from '../evidence/upload-targets';
import { ATTACHMENT_KEY_PREFIX, IdempotencyKeys, isDuplicateKeyError, type RecordedResponse } from '../idempotency/idempotency-keys';
import { EvidenceStorage, MissingObjectError } from '../storage/evidence-storage';
import { receiveUpload, type ReceivedFile, type ReceivedUpload } from '../upload/multipart-upload';
import { recordingCertainlyFailed } from '../upload/failed-recording';
import { UploadErrors } from '../upload/upload-errors';
import { UPLOAD_POLICY, type UploadPolicy } from '../upload/upload-policy';
import { insertAttachment, requireAttachment, type ClarificationAttachment } from './clarification-attachment.repository';
import { ClosedYears } from '../years/closed-years';
import { toAttachmentView, type ClarificationAttachmentView } from './clarification-attachment.view';

/** The item the attachment is about: the same three fields, and rules, as an evidence upload's. */
export class AttachmentFieldsDto extends PickType(SubmitEvidenceDto, ['pemdaCode', 'year', 'subIndicatorCode'] as const) {}

const REQUIRED_FIELDS = ['pemdaCode', 'year', 'subIndicatorCode'];

/**
 * A file attached to a clarification message (issue 15), under the upload rules of evidence
 * (docs/decisions.md #67): the same streaming receiver (type from content against
 * ALLOWED_FILE_TYPES, MAX_UPLOAD_BYTES, ZIP limits, SHA-256), the Pemda's storage quota, the
 * malware scan before the row exists (an infected file is quarantined and announced as an upload
 * would be), the same download rule. It is not a version of the item: nothing is scored, and the
 * upload deadline does not apply (clarifications happen while verifying, after it). Its item is
 * announced to verification (mcp.clarification.attachment-uploaded.v1), which attaches it only to a
 * message on that item's task.
 */
@Injectable()
export class ClarificationAttachments {
  private readonly logger = new Logger(ClarificationAttachments.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly referenceData: ReferenceData,
    private readonly scans: EvidenceScans,
    private readonly quota: StorageQuota,
    private readonly wilayahs: VerifierWilayahs,
    private readonly clock: Clock,
    private readonly operatorScope: OperatorScope,
    private readonly outbox: OutboxWriter,
    @Inject(UPLOAD_POLICY) private readonly policy: UploadPolicy,
    private readonly closedYears: ClosedYears,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  /**
   * With an `Idempotency-Key`, the first answer is kept with the attachment (apart from evidence
   * keys) and a retry for the same item gets it again before a byte of its file is stored; a key
   * whose answer was for another item is refused, as for evidence (#125).
   */
  async upload(principal: AuthPrincipal, request: IncomingMessage, idempotencyHeader?: string | string[]): Promise<AttachmentOutcome> {
    const clientKey = this.idempotency.parse(idempotencyHeader);
    const key = clientKey === undefined ? undefined : `${ATTACHMENT_KEY_PREFIX}${clientKey}`;
    let received: ReceivedUpload;
    try {
      received = await receiveUpload(request, this.storage, this.policy, async (fields) => {
        if (!REQUIRED_FIELDS.every((name) => name in fields)) return undefined;
        // First: a retry gets its first answer even when the attachment would now be refused.
        const earlier = key === undefined ? undefined : await this.idempotency.find(principal.subject, key);
        if (earlier) throw new AnsweredBefore(sameItemOrRefused(fields, earlier));
        const target = await this.resolve(principal, fields);
        // A closed year's threads take no more messages (verification refuses them): a file stored
        // for one could never be attached, and would only use the Pemda's quota.
        await this.closedYears.assertOpen(this.dataSource.manager, target.input.year);
        return this.quota.allowanceFor(target.input.pemdaCode);
      });
    } catch (error) {
      if (error instanceof AnsweredBefore) return { ...error.response, replayed: true };
      throw error;
    }
    if (!received.file) throw UploadErrors.missingFile();
    const file = received.file;
    let recording = false;
    try {
      // Fields sent after the file were not seen before it: the key is looked up now, its file dropped.
      const earlier = key === undefined ? undefined : await this.idempotency.find(principal.subject, key);
      if (earlier) throw new AnsweredBefore(sameItemOrRefused(received.fields, earlier));
      const target = await this.resolve(principal, received.fields);
      await this.scans.requireCleanUpload(principal, target, file);
      recording = true;
      return { statusCode: 201, body: await this.record(principal, target, file, key), replayed: false };
    } catch (error) {
      // As for evidence (#152): a recording that lost its connection may have committed, and its file
      // must then stay; the orphan sweeper removes it if the row is not there.
      if (recording && !recordingCertainlyFailed(error)) {
        this.logger.warn(`Recording attachment ${file.key} failed (${String(error)}); the file stays for the orphan sweeper, which keeps it if its row was committed`);
        throw error;
      }
      await this.storage.remove(file.key).catch((removal: unknown) => {
        this.logger.warn(`Could not remove ${file.key} after a refused attachment; the orphan sweeper will: ${String(removal)}`);
      });
      if (error instanceof AnsweredBefore) return { ...error.response, replayed: true };
      // Two requests with one key at once: the one that committed first answers both, for its item.
      const winner = key !== undefined && isDuplicateKeyError(error) ? await this.idempotency.find(principal.subject, key) : undefined;
      if (winner) return { ...sameItemOrRefused(received.fields, winner), replayed: true };
      throw error;
    }
  }

  async open(principal: AuthPrincipal, id: string): Promise<{ attachment: ClarificationAttachment; stream: Readable }> {
    const attachment = await requireAttachment(this.dataSource.manager, id);
    assertMayOpenEvidence(await this.wilayahs.effective(principal), await this.referenceData.requirePemda(attachment.pemdaCode));
    await auditTrail.append(this.dataSource.manager, {
      actor: principal,
      action: 'clarification.attachment-downloaded',
      pemdaCode: attachment.pemdaCode,
      year: attachment.year,
      subIndicatorCode: attachment.subIndicatorCode,
      ids: { attachmentId: attachment.id },
    });
    const stream = await this.storage.read(attachment.storageKey).catch((error: unknown) => {
      if (!(error instanceof MissingObjectError)) throw error;
      throw new DomainError('gone', 'ATTACHMENT_FILE_MISSING', `Berkas lampiran ${id} tidak ada di penyimpanan; hubungi admin MCP (the stored file is missing)`);
    });
    return { attachment, stream };
  }

  private record(principal: AuthPrincipal, { input, pemda, located }: AttachmentTarget, file: ReceivedFile, key: string | undefined): Promise<ClarificationAttachmentView> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await this.closedYears.assertOpen(manager, input.year);
      // The Pemda's quota lock first, then the assignment again as it is recorded (#218): an area
      // taken from the operator while the file was scanned, or while this waited for the lock.
      await this.quota.lock(manager, input.pemdaCode);
      await this.operatorScope.assertMayWorkOn(principal, pemda.code, located, manager);
      await this.quota.assertRoomLocked(manager, input.pemdaCode, file.sizeBytes);
      const attachment: ClarificationAttachment = {
        id: randomUUID(),
        pemdaCode: input.pemdaCode,
        year: input.year,
        subIndicatorCode: input.subIndicatorCode,
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
        contentType: file.type.mime,
        fileName: evidenceFileName(file.originalName, file.type.name),
        storageKey: file.key,
        uploadedBy: principal.subject,
        uploadedAt: now,
      };
      await insertAttachment(manager, attachment);
      // Verification attaches the file only to a message on this item's task (docs/decisions.md #146).
      await this.outbox.enqueue(manager, ClarificationAttachmentUploaded, {
        attachmentId: attachment.id,
        pemdaCode: attachment.pemdaCode,
        year: attachment.year,
        subIndicatorCode: attachment.subIndicatorCode,
        uploadedBy: attachment.uploadedBy,
        uploadedAt: now.toISOString(),
      });
      await auditTrail.append(manager, {
        actor: principal,
        action: 'clarification.attachment-uploaded',
        pemdaCode: attachment.pemdaCode,
        year: attachment.year,
        subIndicatorCode: attachment.subIndicatorCode,
        ids: { attachmentId: attachment.id },
        details: { sha256: attachment.sha256, sizeBytes: attachment.sizeBytes, fileName: attachment.fileName },
        occurredAt: now,
      });
      const view = toAttachmentView(attachment);
      if (key !== undefined) await this.idempotency.remember(manager, principal.subject, key, { statusCode: 201, body: view }, now);
      return view;
    });
  }

  /** The caller acts for the Pemda, and the Pemda, year and sub-indicator exist; no deadline. */
  private async resolve(principal: AuthPrincipal, fields: Record<string, string>): Promise<AttachmentTarget> {
    const input = plainToInstance(AttachmentFieldsDto, fields);
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw new DomainError('invalid-input', 'INVALID_UPLOAD_FIELDS', uploadFieldProblems(errors));
    }
    assertCanActForPemda(principal, input.pemdaCode);
    const pemda = await this.referenceData.requirePemda(input.pemdaCode);
    const framework = await this.referenceData.requireFramework(input.year);
    const located = this.referenceData.requireSubIndicator(framework, input.subIndicatorCode);
    // An OPD's operator answers for the items assigned to it, as it uploads evidence only for them (decisions #68).
    await this.operatorScope.assertMayWorkOn(principal, pemda.code, located);
    return { input, pemda, subIndicator: located.subIndicator, located };
  }
}

/** 201 and the attachment; `replayed` when an Idempotency-Key retry gets the first answer again. */
export interface AttachmentOutcome extends RecordedResponse {
  replayed: boolean;
}

/** A retry repeats its request: an answer for another item is not this request's. */
function sameItemOrRefused(fields: Record<string, string>, earlier: RecordedResponse): RecordedResponse {
  const answered = earlier.body as Partial<ClarificationAttachmentView>;
  // The year as the form's validation reads it ("2024", " 2024", "2024.0" are one year).
  const sameItem = answered.pemdaCode === fields.pemdaCode && answered.year === Number(fields.year) && answered.subIndicatorCode === fields.subIndicatorCode;
  if (sameItem) return earlier;
  throw new DomainError(
    'unprocessable',
    'IDEMPOTENCY_KEY_REUSED',
    'Idempotency-Key ini sudah dipakai untuk lampiran butir lain; kirim lampiran ini dengan kunci baru (the key was used for an attachment to another item)',
  );
}

/** Stops a retry's reception at its first file byte: the key already has an answer. */
class AnsweredBefore extends Error {
  constructor(readonly response: RecordedResponse) {
    super('Idempotency-Key already answered');
  }
}

/** The attachment's item, with what checking the operator again as it is recorded needs. */
interface AttachmentTarget extends UploadTarget {
  located: LocatedSubIndicator;
}
