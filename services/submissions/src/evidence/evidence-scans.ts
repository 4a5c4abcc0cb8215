import type { AuthPrincipal } from '@mcp/auth';
import { EvidenceQuarantined } from '@mcp/contracts';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { DomainError } from '@mcp/service-runtime';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { MalwareScanner, ScannerUnavailableError, type ScanVerdict } from '../malware-scan/malware-scanner';
import { EvidenceStorage } from '../storage/evidence-storage';
import type { ReceivedFile } from '../upload/multipart-upload';
import { UploadErrors } from '../upload/upload-errors';
import { Evidence } from './evidence.entity';
import { evidenceFileName } from './file-name';
import { QuarantinedUploadRepository } from './quarantined-upload.repository';
import type { UploadTarget } from './upload-targets';

/**
 * Every stored object is scanned by ClamAV before anyone may download it (docs/decisions.md #52).
 * Uploads are scanned in the request, after the file is stored and before its evidence row
 * exists; rows from before scanning are scanned on their first download. No verdict (clamd down,
 * timed out) never counts as clean.
 */
@Injectable()
export class EvidenceScans {
  private readonly logger = new Logger(EvidenceScans.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly scanner: MalwareScanner,
    private readonly quarantine: QuarantinedUploadRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  /**
   * Returns only for a clean file. An infected one is recorded in `quarantined_upload` and
   * announced (mcp.evidence.quarantined.v1, for the Pemda's notice), then refused with 422
   * MALWARE_DETECTED; no verdict is 503 MALWARE_SCAN_UNAVAILABLE. Either way no row points to the
   * object, so it is never downloadable; the caller deletes it on any refusal (and if that fails,
   * the orphan sweeper does). The record is written first so a failed delete cannot lose it.
   */
  async requireCleanUpload(principal: AuthPrincipal, { input, pemda }: UploadTarget, file: ReceivedFile): Promise<void> {
    const verdict = await this.scanObject(file.key, UploadErrors.scannerUnavailable);
    if (verdict.clean) return;
    const detectedAt = this.clock.now();
    const record = {
      id: randomUUID(),
      pemdaCode: input.pemdaCode,
      year: input.year,
      subIndicatorCode: input.subIndicatorCode,
      fileName: evidenceFileName(file.originalName, file.type.name),
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      signatures: verdict.signatures,
      uploadedBy: principal.subject,
      detectedAt,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.quarantine.insert(manager, record);
      await this.outbox.enqueue(manager, EvidenceQuarantined, {
        quarantineId: record.id,
        pemdaCode: record.pemdaCode,
        provinceCode: pemda.provinceCode,
        year: record.year,
        subIndicatorCode: record.subIndicatorCode,
        fileName: record.fileName,
        sha256: record.sha256,
        sizeBytes: record.sizeBytes,
        signatures: record.signatures,
        uploadedBy: record.uploadedBy,
        detectedAt: detectedAt.toISOString(),
      });
    });
    this.relay.nudge();
    this.logger.warn(`Upload for ${record.pemdaCode} ${record.year} ${record.subIndicatorCode} by ${record.uploadedBy} quarantined: ${verdict.signatures.join(', ')}`);
    throw UploadErrors.malwareDetected(verdict.signatures);
  }

  /**
   * A version stored before scanning existed: scanned now, its verdict kept. An infected one keeps
   * its row (verification knows it) but loses its file and is never downloadable.
   */
  async scanRecorded(evidence: Evidence): Promise<Evidence> {
    const verdict = await this.scanObject(evidence.storageKey, () =>
      new DomainError(
        'unavailable',
        'MALWARE_SCAN_UNAVAILABLE',
        'Berkas ini belum dipindai virus dan pemindai sedang tidak tersedia; silakan coba unduh lagi nanti (the malware scanner is unavailable)',
      ),
    );
    const scanned: Evidence = { ...evidence, scanStatus: verdict.clean ? 'clean' : 'infected', scannedAt: this.clock.now() };
    await this.dataSource.manager.update(Evidence, evidence.id, { scanStatus: scanned.scanStatus, scannedAt: scanned.scannedAt });
    if (!verdict.clean) {
      this.logger.warn(`Stored evidence ${evidence.id} found infected on download: ${verdict.signatures.join(', ')}; its file is removed`);
      await this.storage.remove(evidence.storageKey);
    }
    return scanned;
  }

  private async scanObject(key: string, unavailable: () => DomainError): Promise<ScanVerdict> {
    try {
      return await this.scanner.scan(await this.storage.read(key));
    } catch (error) {
      if (!(error instanceof ScannerUnavailableError)) throw error;
      this.logger.error(`${error.message}; ${key} is kept from everyone (fail closed)`);
      throw unavailable();
    }
  }
}
