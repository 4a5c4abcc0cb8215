import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { EvidenceSubmitted, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { findSubIndicator, isRubricStep } from '@mcp/mcp-domain';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Evidence } from './evidence.entity';
import { EvidenceStorage, type StoredObject } from './evidence-storage';
import { sanitiseFileName } from './file-name';
import type { EvidenceView, SubmitEvidenceDto } from './submit-evidence.dto';

export interface UploadedEvidenceFile {
  path: string;
  size: number;
  mimetype: string;
  originalname: string;
}

@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly storage: EvidenceStorage,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Validates, stores and records one upload. Either the row, the file and the event all exist
   * afterwards, or none of them does: a failure at any step removes what earlier steps made.
   */
  async submit(principal: AuthPrincipal, input: SubmitEvidenceDto, file: UploadedEvidenceFile | undefined): Promise<EvidenceView> {
    if (!file) {
      throw new DomainError('invalid-input', 'MISSING_FILE', 'Berkas wajib diunggah pada field "file" (the multipart field "file" is required)');
    }
    let stored: StoredObject | undefined;
    try {
      const provinceCode = await this.checkSubmission(principal, input, file);
      stored = await this.storage.adopt(file.path, `${input.year}/${input.pemdaCode}`);
      const evidence = await this.record(principal, input, file, stored, provinceCode);
      this.relay.nudge();
      return toView(evidence);
    } catch (error) {
      await rm(file.path, { force: true });
      if (stored) await this.storage.remove(stored.key);
      throw error;
    }
  }

  async get(principal: AuthPrincipal, id: string): Promise<EvidenceView> {
    const evidence = await this.dataSource.getRepository(Evidence).findOneBy({ id });
    if (!evidence) {
      throw new DomainError('not-found', 'UNKNOWN_EVIDENCE', `Dokumen ${id} tidak ditemukan (evidence not found)`);
    }
    if (principal.pemdaCode !== undefined || !hasReviewerRole(principal)) {
      assertCanActForPemda(principal, evidence.pemdaCode);
    }
    return toView(evidence);
  }

  /** Keeps each file's status in step with the verifier's decision, for the Pemda's own view. */
  async applyDecision(decision: EvidenceVerifiedV1, manager: EntityManager): Promise<void> {
    await manager.update(
      Evidence,
      { id: In(decision.evidenceIds) },
      { status: decision.outcome, statusReason: decision.reason, updatedAt: new Date(decision.decidedAt) },
    );
  }

  private async checkSubmission(principal: AuthPrincipal, input: SubmitEvidenceDto, file: UploadedEvidenceFile): Promise<string> {
    assertCanActForPemda(principal, input.pemdaCode);
    if (file.size === 0) {
      throw new DomainError('invalid-input', 'EMPTY_FILE', 'Berkas kosong (0 byte) tidak dapat diterima (the file is empty)');
    }
    const pemda = await this.referenceData.findPemda(input.pemdaCode);
    if (!pemda) {
      throw new DomainError('unprocessable', 'UNKNOWN_PEMDA', `Pemda ${input.pemdaCode} tidak dikenal (unknown Pemda)`);
    }
    const framework = await this.referenceData.frameworkFor(input.year);
    if (!framework) {
      throw new DomainError('unprocessable', 'UNKNOWN_FRAMEWORK_YEAR', `Tidak ada kerangka MCP untuk tahun ${input.year} (no framework for that year)`);
    }
    const located = findSubIndicator(framework.index, input.subIndicatorCode);
    if (!located) {
      throw new DomainError(
        'unprocessable',
        'UNKNOWN_SUB_INDICATOR',
        `Sub-indikator ${input.subIndicatorCode} tidak ada dalam kerangka MCP ${input.year} (unknown sub-indicator)`,
      );
    }
    if (input.claimedValue !== undefined && !isRubricStep(located.subIndicator, input.claimedValue)) {
      throw new DomainError(
        'unprocessable',
        'CLAIMED_VALUE_NOT_A_RUBRIC_STEP',
        `Nilai klaim ${input.claimedValue} bukan salah satu langkah rubrik ${located.subIndicator.rubricSteps.join('/')} (claimed value must be a rubric step)`,
      );
    }
    return pemda.provinceCode;
  }

  private record(
    principal: AuthPrincipal,
    input: SubmitEvidenceDto,
    file: UploadedEvidenceFile,
    stored: StoredObject,
    provinceCode: string,
  ): Promise<Evidence> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const evidence = manager.create(Evidence, {
        id: randomUUID(),
        pemdaCode: input.pemdaCode,
        year: input.year,
        subIndicatorCode: input.subIndicatorCode,
        claimedValue: input.claimedValue ?? null,
        sha256: stored.sha256,
        sizeBytes: stored.sizeBytes,
        contentType: file.mimetype || 'application/octet-stream',
        fileName: sanitiseFileName(file.originalname),
        storageKey: stored.key,
        status: 'submitted',
        statusReason: null,
        submittedBy: principal.subject,
        submittedAt: now,
        updatedAt: now,
      });
      await manager.insert(Evidence, evidence);
      await this.outbox.enqueue(manager, EvidenceSubmitted, {
        evidenceId: evidence.id,
        pemdaCode: evidence.pemdaCode,
        provinceCode,
        year: evidence.year,
        subIndicatorCode: evidence.subIndicatorCode,
        claimedValue: evidence.claimedValue,
        sha256: evidence.sha256,
        sizeBytes: evidence.sizeBytes,
        contentType: evidence.contentType,
        fileName: evidence.fileName,
        submittedBy: evidence.submittedBy,
        submittedAt: now.toISOString(),
      });
      return evidence;
    });
  }
}

function hasReviewerRole(principal: AuthPrincipal): boolean {
  return principal.roles.some((role) => ['verifier', 'qa', 'analyst', 'admin'].includes(role));
}

function toView(evidence: Evidence): EvidenceView {
  return {
    id: evidence.id,
    pemdaCode: evidence.pemdaCode,
    year: evidence.year,
    subIndicatorCode: evidence.subIndicatorCode,
    claimedValue: evidence.claimedValue,
    sha256: evidence.sha256,
    sizeBytes: evidence.sizeBytes,
    contentType: evidence.contentType,
    fileName: evidence.fileName,
    status: evidence.status,
    statusReason: evidence.statusReason,
    submittedAt: evidence.submittedAt.toISOString(),
  };
}
