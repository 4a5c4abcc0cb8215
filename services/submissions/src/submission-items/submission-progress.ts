import { assertMayReadPemda, type AuthPrincipal } from '@mcp/auth';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { UploadDeadlines } from '../deadlines/upload-deadlines';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { toEvidenceView } from '../evidence/evidence.view';
import { SubmissionHistoryRepository } from '../submission-records/submission-history.repository';
import { SubmissionRepository } from '../submission-records/submission.repository';
import { ITEM_STATUSES } from './item-status';
import { toItemView } from './item.view';
import { toDeadlineView, type ProgressView } from './progress.view';
import { ClosedYears } from '../years/closed-years';
import { toHistoryEntryView, type SubmissionHistoryView } from './submission-history.view';

/** The Pemda's progress page and one submission's history: read-only views of this service's tables. */
@Injectable()
export class SubmissionProgress {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly deadlines: UploadDeadlines,
    private readonly submissions: SubmissionRepository,
    private readonly historyEntries: SubmissionHistoryRepository,
    private readonly evidence: EvidenceRepository,
    private readonly clock: Clock,
    private readonly closedYears: ClosedYears,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async progress(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<ProgressView> {
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    assertMayReadPemda(principal, pemda.code);
    const framework = await this.referenceData.requireFramework(year);
    const [submissions, evidence, deadline, yearClosedAt] = await Promise.all([
      this.submissions.forPemdaYear(pemdaCode, year),
      this.evidence.forPemdaYear(pemdaCode, year),
      this.deadlines.deadlineFor(pemda, framework.framework),
      this.closedYears.closedAt(this.dataSource.manager, year),
    ]);
    const items = [...framework.index.subIndicators.values()].map((located) => {
      const code = located.subIndicator.code;
      return toItemView(
        located,
        submissions.find((row) => row.subIndicatorCode === code),
        evidence.filter((row) => row.subIndicatorCode === code),
        principal,
      );
    });
    const counts = Object.fromEntries(ITEM_STATUSES.map((status) => [status, items.filter((item) => item.status === status).length]));
    return { pemdaCode, pemdaName: pemda.name, year, deadline: toDeadlineView(deadline, this.clock.now(), yearClosedAt), counts, items };
  }

  async history(principal: AuthPrincipal, pemdaCode: string, year: number, subIndicatorCode: string): Promise<SubmissionHistoryView> {
    const pemda = await this.referenceData.requirePemda(pemdaCode);
    assertMayReadPemda(principal, pemda.code);
    const framework = await this.referenceData.requireFramework(year);
    const located = this.referenceData.requireSubIndicator(framework, subIndicatorCode);
    const item = { pemdaCode, year, subIndicatorCode };
    const [submission, versions, history] = await Promise.all([
      this.submissions.find(item),
      this.evidence.versionsOf(item),
      this.historyEntries.forItem(item),
    ]);
    return {
      pemdaCode,
      year,
      item: toItemView(located, submission ?? undefined, versions, principal),
      versions: versions.map((version) => toEvidenceView(version, principal)),
      history: history.map((entry) => toHistoryEntryView(entry, principal)),
    };
  }
}
