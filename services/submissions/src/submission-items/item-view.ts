import type { LocatedSubIndicator } from '@mcp/mcp-domain';
import type { Evidence } from '../evidence/evidence.entity';
import { toEvidenceView } from '../evidence/evidence-view';
import { itemStatus } from './item-status';
import type { Submission } from './submission.entity';
import type { SubmissionItemView } from './submission-views';

/** One sub-indicator as the Pemda sees it; `evidence` may include withdrawn versions (left out). */
export function toItemView(located: LocatedSubIndicator, submission: Submission | undefined, evidence: Evidence[]): SubmissionItemView {
  const active = evidence.filter((item) => item.status !== 'withdrawn');
  return {
    areaCode: located.area.code,
    indicatorCode: located.indicator.code,
    subIndicatorCode: located.subIndicator.code,
    name: located.subIndicator.name,
    rubricSteps: located.subIndicator.rubricSteps,
    status: itemStatus(submission?.decisionOutcome, active.map((item) => item.status)),
    claimedValue: submission?.claimedValue ?? null,
    verifiedValue: submission?.verifiedValue ?? null,
    decisionReason: submission?.decisionReason ?? null,
    files: active.map(toEvidenceView),
  };
}
