import { auditTrail } from '@mcp/audit-trail';
import { actsOnBehalfOfPemda, assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { EvidenceWithdrawn } from '@mcp/contracts';
import { OutboxRelay, OutboxWriter } from '@mcp/messaging';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { OperatorScope } from '../operator-assignments/operator-scope';
import { SubmissionHistoryRepository } from '../submission-records/submission-history.repository';
import { SubmissionRepository } from '../submission-records/submission.repository';
import { EvidenceRepository } from './evidence.repository';
import { ClosedYears } from '../years/closed-years';
import { toEvidenceView, type EvidenceView } from './evidence.view';

/**
 * Takes back evidence no verifier has decided on. Submissions cannot see claims, so the rule
 * it can check is "still `submitted`"; verification refuses the withdrawal of evidence whose task
 * is claimed at that moment, and then its decision (which lists the evidence) wins.
 */
@Injectable()
export class EvidenceWithdrawals {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evidence: EvidenceRepository,
    private readonly submissions: SubmissionRepository,
    private readonly history: SubmissionHistoryRepository,
    private readonly referenceData: ReferenceData,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly operatorScope: OperatorScope,
    private readonly closedYears: ClosedYears,
  ) {}

  async withdraw(principal: AuthPrincipal, id: string, reason: string | undefined): Promise<EvidenceView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const found = await this.evidence.requireById(id, manager);
      assertCanActForPemda(principal, found.pemdaCode);
      const framework = await this.referenceData.requireFramework(found.year, manager);
      const located = this.referenceData.requireSubIndicator(framework, found.subIndicatorCode);
      const now = this.clock.now();
      await this.submissions.lock(manager, found, now);
      // After the item's lock, as an upload checks: an assignment that changed while this waited counts.
      await this.operatorScope.assertMayWorkOn(principal, found.pemdaCode, located, manager);
      await this.closedYears.assertOpen(manager, found.year);
      const evidence = await this.evidence.getById(manager, id);
      if (evidence.status !== 'submitted') {
        throw new DomainError(
          'conflict',
          'EVIDENCE_NOT_WITHDRAWABLE',
          `Dokumen versi ${evidence.version} berstatus ${evidence.status} dan tidak dapat ditarik; hanya dokumen yang belum diputus verifikator (submitted) yang dapat ditarik (only undecided evidence can be withdrawn)`,
        );
      }
      const pemda = await this.referenceData.requirePemda(evidence.pemdaCode, manager);
      const withdrawalReason = reason?.trim() || null;
      await this.evidence.markWithdrawn(manager, id, withdrawalReason, now);
      await this.history.record(manager, evidence, {
        kind: 'withdrawn',
        actor: principal.subject,
        onBehalfOfPemda: actsOnBehalfOfPemda(principal, evidence.pemdaCode),
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
      await auditTrail.append(manager, { actor: principal, action: 'evidence.withdrawn', pemdaCode: evidence.pemdaCode, year: evidence.year, subIndicatorCode: evidence.subIndicatorCode, ids: { evidenceId: id }, details: { version: evidence.version, reason: withdrawalReason }, occurredAt: now });
      return toEvidenceView({ ...evidence, status: 'withdrawn', statusReason: withdrawalReason, updatedAt: now }, principal);
    });
    this.relay.nudge();
    return view;
  }
}
