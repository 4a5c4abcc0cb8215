import { auditTrail } from '@mcp/audit-trail';
import { actsOnBehalfOfPemda, assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { UploadDeadlines } from '../deadlines/upload-deadlines';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { OperatorScope } from '../operator-assignments/operator-scope';
import { assertClaimOnRubric } from '../submission-records/claim-rules';
import { SubmissionHistoryRepository } from '../submission-records/submission-history.repository';
import { SubmissionRepository, type SubmissionItemKey } from '../submission-records/submission.repository';
import type { ChangeClaimDto } from './change-claim.dto';
import { isClaimLocked, isClaimUnderVerification, isDecisionNotCounted, itemStatus } from './item-status';
import { ClosedYears } from '../years/closed-years';
import { toItemView, type SubmissionItemView } from './item.view';

/**
 * The Pemda's self-assessment (`nilai`) per sub-indicator. It reaches verification with the next
 * upload's mcp.evidence.submitted.v1 (which carries the claim in force), and decisions carry it on;
 * so while evidence awaits a decision it changes only with an upload (#143).
 */
@Injectable()
export class SubmissionClaims {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly deadlines: UploadDeadlines,
    private readonly submissions: SubmissionRepository,
    private readonly history: SubmissionHistoryRepository,
    private readonly evidence: EvidenceRepository,
    private readonly clock: Clock,
    private readonly operatorScope: OperatorScope,
    private readonly closedYears: ClosedYears,
  ) {}

  async change(principal: AuthPrincipal, item: SubmissionItemKey, input: ChangeClaimDto): Promise<SubmissionItemView> {
    assertCanActForPemda(principal, item.pemdaCode);
    const pemda = await this.referenceData.requirePemda(item.pemdaCode);
    const framework = await this.referenceData.requireFramework(item.year);
    const located = this.referenceData.requireSubIndicator(framework, item.subIndicatorCode);
    await this.operatorScope.assertMayWorkOn(principal, pemda.code, located);
    if (input.claimedValue !== null) assertClaimOnRubric(located.subIndicator, input.claimedValue);
    const now = this.clock.now();
    // Before the deadline: a closed year is the reason, whatever the deadline says.
    await this.closedYears.assertOpen(this.dataSource.manager, item.year);
    await this.deadlines.assertOpen(pemda, framework.framework, now);
    return this.dataSource.transaction(async (manager) => {
      const submission = await this.submissions.lock(manager, item, now);
      await this.closedYears.assertOpen(manager, item.year);
      const evidence = await this.evidence.versionsOf(item, manager);
      const status = itemStatus(submission.decisionOutcome, evidence.filter((row) => row.status !== 'withdrawn').map((row) => row.status), isDecisionNotCounted(submission));
      if (isClaimLocked(status)) {
        throw new DomainError(
          'conflict',
          'CLAIM_LOCKED',
          `Nilai klaim ${item.subIndicatorCode} tidak dapat diubah: sudah diverifikasi (${status}) (the claim is locked once verified)`,
        );
      }
      if (isClaimUnderVerification(status) && submission.claimedValue !== input.claimedValue) {
        throw new DomainError(
          'conflict',
          'CLAIM_UNDER_VERIFICATION',
          `Nilai klaim ${item.subIndicatorCode} tidak dapat diubah sendiri selama dokumennya menunggu verifikasi: unggah ulang ` +
            `dokumen dengan nilai klaim yang baru (the claim changes with an upload while evidence awaits a decision)`,
        );
      }
      if (submission.claimedValue !== input.claimedValue) {
        await this.submissions.changeClaim(manager, item, input.claimedValue, principal.subject, now);
        if (!actsOnBehalfOfPemda(principal, item.pemdaCode)) await this.submissions.takeResponsibility(manager, item, principal.subject);
        await this.history.record(manager, item, {
          kind: 'claim_changed',
          actor: principal.subject,
          onBehalfOfPemda: actsOnBehalfOfPemda(principal, item.pemdaCode),
          occurredAt: now,
          claimedValue: input.claimedValue,
          reason: input.reason?.trim() || null,
        });
        await auditTrail.append(manager, { actor: principal, action: 'claim.changed', ...item, details: { from: submission.claimedValue, to: input.claimedValue }, occurredAt: now });
      }
      return toItemView(located, { ...submission, claimedValue: input.claimedValue }, evidence, principal);
    });
  }
}
