import { Column, Entity, PrimaryColumn } from 'typeorm';

export const QA_REVIEW_STATUSES = ['pending', 'confirmed', 'overturned', 'superseded'] as const;
export type QaReviewStatus = (typeof QA_REVIEW_STATUSES)[number];

/** A review's status as a refusal names it to a person. */
export const QA_REVIEW_STATUS_LABELS: Readonly<Record<QaReviewStatus, string>> = {
  pending: 'menunggu tinjauan',
  confirmed: 'dikonfirmasi',
  overturned: 'dibatalkan QA',
  superseded: 'digantikan keputusan atas unggahan baru',
};

/** One sampled decision waiting for (or given) a QA verdict. */
@Entity({ name: 'qa_review' })
export class QaReview {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'decision_id', type: 'uuid' }) decisionId: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column() wilayah: string;
  @Column({ type: 'text' }) status: QaReviewStatus;
  @Column({ name: 'sampled_at', type: 'timestamptz' }) sampledAt: Date;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'overturn_decision_id', type: 'uuid', nullable: true }) overturnDecisionId: string | null;
}
