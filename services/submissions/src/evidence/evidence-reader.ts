import { auditTrail } from '@mcp/audit-trail';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assertMayOpenEvidence, assertMayReadPemda, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { VerifierWilayahs } from '@mcp/verifier-wilayah';
import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { EvidenceStorage, MissingObjectError } from '../storage/evidence-storage';
import type { Evidence } from './evidence.entity';
import { EvidenceScans } from './evidence-scans';
import { EvidenceRepository } from './evidence.repository';
import { toEvidenceView, type EvidenceView } from './evidence.view';

export interface EvidenceContent {
  evidence: Evidence;
  stream: Readable;
}

/** One version's metadata, and its file, for those allowed to see them. */
@Injectable()
export class EvidenceReader {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly referenceData: ReferenceData,
    private readonly storage: EvidenceStorage,
    private readonly scans: EvidenceScans,
    private readonly wilayahs: VerifierWilayahs,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async get(principal: AuthPrincipal, id: string): Promise<EvidenceView> {
    const evidence = await this.evidence.requireById(id);
    assertMayReadPemda(principal, (await this.referenceData.requirePemda(evidence.pemdaCode)).code);
    return toEvidenceView(evidence, principal);
  }

  /** What a machine read inside the file (its pre-checks) is the file's: the readers of the file only. */
  async assertMayReadContent(principal: AuthPrincipal, id: string): Promise<void> {
    const evidence = await this.evidence.requireById(id);
    assertMayOpenEvidence(await this.wilayahs.effective(principal), await this.referenceData.requirePemda(evidence.pemdaCode));
  }

  async open(principal: AuthPrincipal, id: string): Promise<EvidenceContent> {
    const recorded = await this.evidence.requireById(id);
    // Where a verifier works is verification's answer (an admin's move wins over the token), not the token's alone.
    assertMayOpenEvidence(await this.wilayahs.effective(principal), await this.referenceData.requirePemda(recorded.pemdaCode));
    const evidence = recorded.scanStatus === 'unscanned' ? await this.scans.scanRecorded(recorded) : recorded;
    // Only a clean verdict opens the file, for every role: anything else is refused before storage is read.
    if (evidence.scanStatus !== 'clean') {
      throw new DomainError(
        'conflict',
        'EVIDENCE_QUARANTINED',
        `Berkas dokumen ${id} dikarantina karena terdeteksi mengandung virus atau malware dan tidak dapat diunduh siapa pun (the file is quarantined)`,
      );
    }
    // Recorded when access to a clean file is granted, before it is opened: a failed read leaves no open stream behind.
    await auditTrail.append(this.dataSource.manager, { actor: principal, action: 'evidence.downloaded', pemdaCode: evidence.pemdaCode, year: evidence.year, subIndicatorCode: evidence.subIndicatorCode, ids: { evidenceId: id }, details: { version: evidence.version } });
    const stream = await this.storage.read(evidence.storageKey).catch((error: unknown) => {
      if (!(error instanceof MissingObjectError)) throw error;
      throw new DomainError(
        'gone',
        'EVIDENCE_FILE_MISSING',
        `Berkas dokumen ${id} tidak ada di penyimpanan; hubungi admin MCP (the stored file is missing)`,
      );
    });
    return { evidence, stream };
  }
}

