import { auditTrail } from '@mcp/audit-trail';
import { actsOnBehalfOfPemda, type AuthPrincipal } from '@mcp/auth';
import { EvidenceSubmitted } from '@mcp/contracts';
import { OutboxRelay, OutboxWriter, outboxItem } from '@mcp/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { IdempotencyKeys, isDuplicateKeyError, type RecordedResponse } from '../idempotency/idempotency-keys';
import { EvidenceStorage } from '../storage/evidence-storage';
import { receiveUpload, type ReceivedUpload } from '../upload/multipart-upload';
import { storeEvidenceFile, type ReceivedFile } from '../upload/store-file';
import { recordingCertainlyFailed } from '../upload/failed-recording';
import { UploadErrors } from '../upload/upload-errors';
import { UPLOAD_POLICY, type UploadPolicy } from '../upload/upload-policy';
import type { Evidence } from './evidence.entity';
import { EvidenceRepository } from './evidence.repository';
import { toEvidenceView } from './evidence.view';
import { EvidenceScans } from './evidence-scans';
import { EvidenceStoredSignal } from './evidence-stored-signal';
import { evidenceFileName } from './file-name';
import { StorageQuota } from './storage-quota';
import { assertSameRequest, hasTargetFields, resolvedFrom, UploadTargets, type EvidenceTarget, type UploadTarget } from './upload-targets';
import { lockItemForUpload, readItemUnderLock, writeVersion, type ItemUnderLock } from './upload-transaction';
import { UploadMetrics } from './upload-metrics';

/** Stops a retry's multipart reception at its first file byte: the key already has an answer. */
class AnsweredBefore extends Error {
  constructor(readonly response: RecordedResponse) {
    super('Idempotency-Key already answered');
  }
}

/** 201 for a new version; 200 when the same file is already there; `replayed` for an Idempotency-Key retry. */
export interface UploadOutcome extends RecordedResponse {
  replayed: boolean;
}

/** A finished resumable upload, as its staging knows it. */
export interface ResumableUpload {
  /** The same text fields the multipart form carries, from the upload's metadata. */
  fields: Record<string, string>;
  startedAt: Date;
  originalName: string;
  /** The staged bytes, opened once the destination is checked. */
  content: () => Promise<Readable>;
  /** Replays the answer to a client that asks again about the same finished upload. */
  idempotencyKey: string;
  /** When its last byte first arrived (a retried completion keeps the first time). */
  completedAt: Date;
  /** Upload-Length as declared at creation: the staged file read must be exactly that long. */
  declaredBytes: number;
  /** How long after the deadline that may be (ResumableUploadSettings.lateFinishMs). */
  lateFinishMs: number;
}

/**
 * The upload use case. Either the object, the evidence row, its history entry and its event all
 * exist afterwards, or none of them does: every failure after the object was stored removes it
 * (and if even that fails, the orphan sweeper does later).
 */
@Injectable()
export class EvidenceUploads {
  private readonly logger = new Logger(EvidenceUploads.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly targets: UploadTargets,
    private readonly evidence: EvidenceRepository,
    private readonly idempotency: IdempotencyKeys,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly metrics: UploadMetrics,
    private readonly scans: EvidenceScans,
    private readonly quota: StorageQuota,
    @Inject(UPLOAD_POLICY) private readonly policy: UploadPolicy,
    private readonly storedSignal: EvidenceStoredSignal,
  ) {}

  async submit(principal: AuthPrincipal, request: IncomingMessage, idempotencyHeader: string | string[] | undefined): Promise<UploadOutcome> {
    try {
      return await this.receive(principal, request, idempotencyHeader);
    } catch (error) {
      this.metrics.errored(error);
      throw error;
    }
  }

  private async receive(principal: AuthPrincipal, request: IncomingMessage, idempotencyHeader: string | string[] | undefined): Promise<UploadOutcome> {
    const startedAt = this.clock.now();
    const key = this.idempotency.parse(idempotencyHeader);
    let checked: EvidenceTarget | undefined;
    let received: ReceivedUpload;
    try {
      received = await receiveUpload(request, this.storage, this.policy, async (fields) => {
        if (!hasTargetFields(fields)) return undefined;
        // One statement: the destination's facts, the Pemda's stored bytes and the key's earlier answer.
        const { target, usedBytes, earlier } = await this.targets.resolveWithUsedBytes(principal, fields, startedAt, key);
        // Thrown to stop the upload before a byte of the file is stored; the rest of the body is read and dropped.
        if (earlier) throw new AnsweredBefore(earlier);
        checked = target;
        return this.quota.allowanceWith(usedBytes);
      });
    } catch (error) {
      if (error instanceof AnsweredBefore) return this.replayed(error.response);
      throw error;
    }
    if (!received.file) throw UploadErrors.missingFile();
    // Fields after the file may change the destination: then it is resolved again from them all.
    const target = checked && resolvedFrom(checked, received.fields) ? checked : undefined;
    return this.accept(principal, received.fields, startedAt, received.file, key, target);
  }

  /**
   * A finished resumable upload (tus): the same checks and recording as the multipart form, with
   * the deadline taken at `startedAt`, when the upload was created. What becomes of the staged
   * data is the caller's business.
   */
  async submitResumable(principal: AuthPrincipal, upload: ResumableUpload): Promise<UploadOutcome> {
    try {
      const { target, usedBytes } = await this.targets.resolveWithUsedBytes(principal, upload.fields, upload.startedAt);
      await this.targets.assertFinishedInTime(target, upload.completedAt, upload.lateFinishMs);
      const allowance = this.quota.allowanceWith(usedBytes);
      const content = await upload.content();
      // A refusal from the first bytes (type, empty) leaves the rest unread: close it all the same.
      const file = await storeEvidenceFile(content, upload.originalName, this.storage, this.policy, allowance).finally(() => content.destroy());
      if (file.sizeBytes !== upload.declaredBytes) {
        // Staged bytes cut while they were read (a replica took the recording for dead): a failure,
        // so the client sends the last byte again, never a version of part of the file.
        await this.discard(file);
        throw new Error(`Staged upload read as ${file.sizeBytes} bytes of the ${upload.declaredBytes} declared`);
      }
      return await this.accept(principal, upload.fields, upload.startedAt, file, upload.idempotencyKey, target);
    } catch (error) {
      this.metrics.errored(error);
      throw error;
    }
  }

  /**
   * Where both upload routes end once the file is stored: the destination resolved unless it was
   * before the file (from the same fields), the scan, then one transaction checks what the database
   * knows of the destination again under the item's lock (an assignment or extension changed
   * during the transfer) and records it all. Any refusal or failure removes the object.
   */
  private async accept(
    principal: AuthPrincipal,
    fields: Record<string, string>,
    startedAt: Date,
    file: ReceivedFile,
    key: string | undefined,
    checked: EvidenceTarget | undefined,
  ): Promise<UploadOutcome> {
    let recording = false;
    let target: EvidenceTarget | undefined;
    try {
      const resolved = checked ? { target: checked, earlier: undefined } : await this.targets.resolve(principal, fields, startedAt, key);
      if (resolved.earlier) {
        await this.discard(file);
        return this.replayed(resolved.earlier);
      }
      target = resolved.target;
      // Before the row exists: an unscanned or infected file never gets an id anyone could download.
      await this.scans.requireCleanUpload(principal, target, file);
      recording = true;
      const outcome = await this.record(principal, target, file, key);
      if (outcome.statusCode === 201) {
        this.relay.nudge();
        this.storedSignal.stored();
        this.metrics.counted('stored', file.sizeBytes);
      } else {
        await this.storage.remove(file.key);
        this.metrics.counted('same-file');
      }
      return outcome;
    } catch (error) {
      // A failure while recording without an answer from the database (the connection lost, maybe
      // after the commit) may have left the version in place, so its file stays: if the version is
      // not there, the object's pending_upload marker survived the rollback and the orphan sweeper
      // removes it. A refusal, or an error the database answered with, is a rollback for certain.
      if (!recording || recordingCertainlyFailed(error)) await this.discard(file);
      else this.logger.warn(`Recording ${file.key} failed (${String(error)}); the file stays for the orphan sweeper, which keeps it if its version was committed`);
      const winner = key && isDuplicateKeyError(error) ? await this.idempotency.find(principal.subject, key) : undefined;
      if (winner) {
        // The request that committed first with the key answers this one only if it was the same (#220).
        if (target) assertSameRequest(target.input, winner);
        return this.replayed(winner);
      }
      throw error;
    }
  }

  private replayed(earlier: RecordedResponse): UploadOutcome {
    this.metrics.counted('replayed');
    return { ...earlier, replayed: true };
  }

  /**
   * Three statements (upload-transaction.ts): the item and the Pemda's quota locked, then
   * everything checked read at once, then the writes with the version's event, audit entry and
   * Idempotency-Key (before, the key was a fourth statement).
   */
  private record(principal: AuthPrincipal, target: EvidenceTarget, file: ReceivedFile, key: string | undefined): Promise<UploadOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const { input } = target;
      const item = { pemdaCode: input.pemdaCode, year: input.year, subIndicatorCode: input.subIndicatorCode };
      await lockItemForUpload(manager, item, now);
      const locked = await readItemUnderLock(manager, item, file.sha256, this.targets.keyOf(principal, target));
      this.targets.recheck(principal, target, locked.facts);
      // The same file is a new version when its claim differs from the item's in force (how a claim
      // changes while evidence awaits a decision) or from the one that file was sent with (a claim
      // changed alone since reaches verification so): #143; the verifier must see it with its setter.
      const claimSent = input.claimedValue !== undefined ? input.claimedValue : locked.claimedValue;
      if (!locked.sameFileId || claimSent !== locked.claimedValue || claimSent !== locked.sameFileClaim) return this.addVersion(manager, principal, target, file, locked, now, key);
      const outcome = { statusCode: 200, body: toEvidenceView(await this.evidence.getById(manager, locked.sameFileId), principal), replayed: false };
      // A new version stores its key in its own write statement (upload-transaction.ts).
      if (key) await this.idempotency.remember(manager, principal.subject, key, outcome, now);
      return outcome;
    });
  }

  private async addVersion(
    manager: EntityManager,
    principal: AuthPrincipal,
    { input, pemda }: UploadTarget,
    file: ReceivedFile,
    locked: ItemUnderLock,
    now: Date,
    idempotencyKey: string | undefined,
  ): Promise<UploadOutcome> {
    const item = { pemdaCode: input.pemdaCode, year: input.year, subIndicatorCode: input.subIndicatorCode };
    const version = locked.versionCount + 1;
    const claimInForce = { value: locked.claimedValue, setBy: locked.claimChangedBy };
    const claimedValue = input.claimedValue ?? claimInForce.value;
    const note = input.note?.trim() || null;
    // Read after lockItemForUpload took the Pemda's quota lock.
    this.quota.assertRoomWith(locked.facts.usedBytes ?? 0, file.sizeBytes);
    const onBehalfOfPemda = actsOnBehalfOfPemda(principal, item.pemdaCode);
    const claimChanged = input.claimedValue !== undefined && input.claimedValue !== claimInForce.value;
    // Verification keeps whoever shaped the item away from verifying it (docs/decisions.md #46).
    const claimSetBy = claimChanged ? principal.subject : claimInForce.setBy;
    const evidence: Evidence = {
      id: randomUUID(),
      ...item,
      version,
      claimedValue,
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      contentType: file.type.mime,
      fileName: evidenceFileName(file.originalName, file.type.name),
      storageKey: file.key,
      note,
      status: 'submitted',
      statusReason: null,
      scanStatus: 'clean',
      scannedAt: now,
      submittedBy: principal.subject,
      submittedOnBehalfOfPemda: onBehalfOfPemda,
      submittedAt: now,
      updatedAt: now,
    };
    // The evidence row, the item's version and claim, its history entries, its event and audit
    // entry: one statement (#103, #117). The Pemda's own uploader answers for the item until a
    // handover (#68); an admin acting for the Pemda does not.
    const submitted = {
      evidenceId: evidence.id,
      ...item,
      provinceCode: pemda.provinceCode,
      claimedValue,
      sha256: evidence.sha256,
      sizeBytes: evidence.sizeBytes,
      contentType: evidence.contentType,
      fileName: evidence.fileName,
      submittedBy: evidence.submittedBy,
      ...(claimSetBy ? { claimSetBy } : {}),
      submittedAt: now.toISOString(),
    };
    const body = toEvidenceView(evidence);
    await writeVersion(
      manager,
      { evidence, claimChanged, takesResponsibility: !onBehalfOfPemda, ...(idempotencyKey ? { idempotency: { key: idempotencyKey, body } } : {}) },
      {
        outbox: (firstParameter) => this.outbox.statementPart(manager, [outboxItem(EvidenceSubmitted, submitted)], { firstParameter }),
        audit: (firstParameter) =>
          auditTrail.appendPart(
            manager,
            { actor: principal, action: 'evidence.uploaded', ...item, ids: { evidenceId: evidence.id }, details: { version, sha256: evidence.sha256, claimedValue, claimChangedFrom: claimInForce }, occurredAt: now },
            { firstParameter },
          ),
      },
    );
    return { statusCode: 201, body, replayed: false };
  }

  private async discard(file: ReceivedFile): Promise<void> {
    try {
      await this.storage.remove(file.key);
    } catch (error) {
      this.logger.warn(`Could not remove ${file.key} after a failed upload; the orphan sweeper will: ${String(error)}`);
    }
  }
}
