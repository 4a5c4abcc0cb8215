import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DecisionView, toDecisionView } from '../decisions/decision.view';
import type { Decision } from '../decisions/decision.entity';
import { QA_REVIEW_STATUSES, type QaReview } from './qa-review.entity';

export class QaReviewView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: QA_REVIEW_STATUSES }) status: string;
  @ApiProperty() wilayah: string;
  @ApiProperty() sampledAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reviewedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) overturnDecisionId: string | null;
  @ApiProperty({ type: DecisionView, description: 'The sampled decision' }) decision: DecisionView;
}

export function toQaReviewView(review: QaReview, decision: Decision): QaReviewView {
  return {
    id: review.id,
    status: review.status,
    wilayah: review.wilayah,
    sampledAt: review.sampledAt.toISOString(),
    reviewedBy: review.reviewedBy,
    reviewedAt: review.reviewedAt?.toISOString() ?? null,
    note: review.note,
    overturnDecisionId: review.overturnDecisionId,
    decision: toDecisionView(decision),
  };
}
