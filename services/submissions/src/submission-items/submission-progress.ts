import type { AuthPrincipal } from '@mcp/auth';
import type { LocatedSubIndicator } from '@mcp/mcp-domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../deadlines/clock';
import { formatLocalTime, isOpenAt } from '../deadlines/upload-deadline';
import { UploadDeadlines } from '../deadlines/upload-deadlines';
import { assertCanRead } from '../evidence/evidence-access';
import { Evidence } from '../evidence/evidence.entity';
import { toEvidenceView } from '../evidence/evidence-view';
import { ITEM_STATUSES } from './item-status';
import { toItemView } from './item-view';
import { ReferenceLookup } from './reference-lookup';
import { SubmissionHistory } from './submission-history.entity';
import { Submission } from './submission.entity';
import type { ProgressView, SubmissionHistoryView } from './submission-views';

/** The Pemda's progress page and one submission's history: read-only views of this service's tables. */
@Injectable()
export class SubmissionProgress {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lookup: ReferenceLookup,
    private readonly deadlines: UploadDeadlines,
    private readonly clock: Clock,
  ) {}

  async progress(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<ProgressView> {
    const pemda = await this.lookup.pemda(pemdaCode, 'not-found');
    assertCanRead(principal, pemda);
    const framework = await this.lookup.framework(year);
    const [submissions, evidence, deadline] = await Promise.all([
      this.dataSource.getRepository(Submission).findBy({ pemdaCode, year }),
      this.dataSource.getRepository(Evidence).find({ where: { pemdaCode, year }, order: { version: 'ASC' } }),
      this.deadlines.deadlineFor(pemda, framework.framework),
    ]);
    const items = [...framework.index.subIndicators.values()].map((located: LocatedSubIndicator) => {
      const code = located.subIndicator.code;
      return toItemView(
        located,
        submissions.find((row) => row.subIndicatorCode === code),
        evidence.filter((row) => row.subIndicatorCode === code),
      );
    });
    const counts = Object.fromEntries(ITEM_STATUSES.map((status) => [status, items.filter((item) => item.status === status).length]));
    return {
      pemdaCode,
      pemdaName: pemda.name,
      year,
      deadline: {
        effective: deadline.effective.toISOString(),
        effectiveLocal: formatLocalTime(deadline.effective, deadline.localTimeZone),
        source: deadline.source,
        extended: deadline.extension !== null && deadline.effective > deadline.general,
        open: isOpenAt(deadline, this.clock.now()),
      },
      counts,
      items,
    };
  }

  async history(principal: AuthPrincipal, pemdaCode: string, year: number, subIndicatorCode: string): Promise<SubmissionHistoryView> {
    const pemda = await this.lookup.pemda(pemdaCode, 'not-found');
    assertCanRead(principal, pemda);
    const framework = await this.lookup.framework(year);
    const located = this.lookup.subIndicator(framework, subIndicatorCode);
    const item = { pemdaCode, year, subIndicatorCode };
    const [submission, versions, history] = await Promise.all([
      this.dataSource.getRepository(Submission).findOneBy(item),
      this.dataSource.getRepository(Evidence).find({ where: item, order: { version: 'ASC' } }),
      this.dataSource.getRepository(SubmissionHistory).find({ where: item, order: { id: 'ASC' } }),
    ]);
    return {
      pemdaCode,
      year,
      item: toItemView(located, submission ?? undefined, versions),
      versions: versions.map(toEvidenceView),
      history: history.map((entry) => ({
        kind: entry.kind,
        occurredAt: entry.occurredAt.toISOString(),
        actor: entry.actor,
        evidenceId: entry.evidenceId,
        version: entry.version,
        claimedValue: entry.claimedValue,
        outcome: entry.outcome,
        verifiedValue: entry.verifiedValue,
        reason: entry.reason,
      })),
    };
  }
}
