import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { EvidenceWithdrawn } from '@mcp/contracts';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { EvidenceStorage, MissingObjectError } from '../storage/evidence-storage';
import { ReferenceLookup } from '../submission-items/reference-lookup';
import { lockSubmission, recordHistory } from '../submission-items/submission-item';
import { assertCanDownload, assertCanRead } from './evidence-access';
import { Evidence } from './evidence.entity';
import { toEvidenceView } from './evidence-view';
import type { EvidenceView } from './submit-evidence.dto';

export interface EvidenceContent {
  evidence: Evidence;
  stream: Readable;
}

@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lookup: ReferenceLookup,
    private readonly storage: EvidenceStorage,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async get(principal: AuthPrincipal, id: string): Promise<EvidenceView> {
    const evidence = await this.find(id);
    assertCanRead(principal, await this.lookup.pemda(evidence.pemdaCode));
    return toEvidenceView(evidence);
  }

  async open(principal: AuthPrincipal, id: string): Promise<EvidenceContent> {
    const evidence = await this.find(id);
    assertCanDownload(principal, await this.lookup.pemda(evidence.pemdaCode));
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

  /**
   * Takes back evidence no verifier has decided on. Submissions cannot see claims, so the rule
   * it can check is "still `submitted`"; verification refuses the withdrawal of evidence whose task
   * is claimed at that moment, and then its decision (which lists the evidence) wins.
   */
  async withdraw(principal: AuthPrincipal, id: string, reason: string | undefined): Promise<EvidenceView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const found = await this.find(id);
      assertCanActForPemda(principal, found.pemdaCode);
      const now = this.clock.now();
      await lockSubmission(manager, found, now);
      const evidence = await manager.findOneByOrFail(Evidence, { id });
      if (evidence.status !== 'submitted') {
        throw new DomainError(
          'conflict',
          'EVIDENCE_NOT_WITHDRAWABLE',
          `Dokumen versi ${evidence.version} berstatus ${evidence.status} dan tidak dapat ditarik; hanya dokumen yang belum diputus verifikator (submitted) yang dapat ditarik (only undecided evidence can be withdrawn)`,
        );
      }
      const pemda = await this.lookup.pemda(evidence.pemdaCode);
      const withdrawalReason = reason?.trim() || null;
      await manager.update(Evidence, id, { status: 'withdrawn', statusReason: withdrawalReason, updatedAt: now });
      await recordHistory(manager, evidence, {
        kind: 'withdrawn',
        actor: principal.subject,
        occurredAt: now,
        evidenceId: id,
        version: evidence.version,
        reason: withdrawalReason,
      });
      await this.outbox.enqueue(manager, EvidenceWithdrawn, {
        evidenceId: id,
        pemdaCode: evidence.pemdaCode,
        provinceCode: pemda.provinceCode,
        year: evidence.year,
        subIndicatorCode: evidence.subIndicatorCode,
        reason: withdrawalReason,
        withdrawnBy: principal.subject,
        withdrawnAt: now.toISOString(),
      });
      return toEvidenceView({ ...evidence, status: 'withdrawn', statusReason: withdrawalReason, updatedAt: now });
    });
    this.relay.nudge();
    return view;
  }

  private async find(id: string): Promise<Evidence> {
    const evidence = await this.dataSource.getRepository(Evidence).findOneBy({ id });
    if (!evidence) {
      throw new DomainError('not-found', 'UNKNOWN_EVIDENCE', `Dokumen ${id} tidak ditemukan (evidence not found)`);
    }
    return evidence;
  }
}
