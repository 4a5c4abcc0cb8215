import { assertCanActForPemda, type AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { UploadDeadlines } from '../deadlines/upload-deadlines';
import { Evidence } from '../evidence/evidence.entity';
import { assertClaimOnRubric } from './claim-rules';
import { isClaimLocked, itemStatus } from './item-status';
import { toItemView } from './item-view';
import { ReferenceLookup } from './reference-lookup';
import { lockSubmission, recordHistory } from './submission-item';
import { Submission } from './submission.entity';
import type { ChangeClaimDto, SubmissionItemView } from './submission-views';

/**
 * The Pemda's self-assessment (`nilai`) per sub-indicator. It reaches verification with the next
 * upload's mcp.evidence.submitted.v1 (which carries the claim in force), and decisions carry it on.
 */
@Injectable()
export class SubmissionClaims {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lookup: ReferenceLookup,
    private readonly deadlines: UploadDeadlines,
    private readonly clock: Clock,
  ) {}

  async change(
    principal: AuthPrincipal,
    item: { pemdaCode: string; year: number; subIndicatorCode: string },
    input: ChangeClaimDto,
  ): Promise<SubmissionItemView> {
    assertCanActForPemda(principal, item.pemdaCode);
    const pemda = await this.lookup.pemda(item.pemdaCode, 'not-found');
    const framework = await this.lookup.framework(item.year);
    const located = this.lookup.subIndicator(framework, item.subIndicatorCode);
    if (input.claimedValue !== null) assertClaimOnRubric(located.subIndicator, input.claimedValue);
    const now = this.clock.now();
    await this.deadlines.assertOpen(pemda, framework.framework, now);
    return this.dataSource.transaction(async (manager) => {
      const submission = await lockSubmission(manager, item, now);
      const evidence = await manager.find(Evidence, { where: item, order: { version: 'ASC' } });
      const status = itemStatus(submission.decisionOutcome, evidence.filter((row) => row.status !== 'withdrawn').map((row) => row.status));
      if (isClaimLocked(status)) {
        throw new DomainError(
          'conflict',
          'CLAIM_LOCKED',
          `Nilai klaim ${item.subIndicatorCode} tidak dapat diubah: sudah diverifikasi (${status}) (the claim is locked once verified)`,
        );
      }
      if (submission.claimedValue !== input.claimedValue) {
        await manager.update(Submission, item, {
          claimedValue: input.claimedValue,
          claimChangedBy: principal.subject,
          claimChangedAt: now,
          updatedAt: now,
        });
        await recordHistory(manager, item, {
          kind: 'claim_changed',
          actor: principal.subject,
          occurredAt: now,
          claimedValue: input.claimedValue,
          reason: input.reason?.trim() || null,
        });
      }
      return toItemView(located, { ...submission, claimedValue: input.claimedValue }, evidence);
    });
  }
}
