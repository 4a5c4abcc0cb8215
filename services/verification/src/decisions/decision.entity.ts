import type { DecisionOutcome } from '@mcp/mcp-domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { rubricValueColumn } from '../task-records/rubric-value';

/** first: the verifier's decision on a task; correction: the same verifier's later fix; qa-overturn: QA's. */
export const DECISION_KINDS = ['first', 'correction', 'qa-overturn'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * Every decision is kept, a corrected or overturned one too: it is what makes a verifier's work
 * traceable and reviewable. The one with the highest sequence for its item is in force.
 */
@Entity({ name: 'decision' })
export class Decision {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column() sequence: number;
  @Column({ type: 'text' }) kind: DecisionKind;
  @Column({ name: 'supersedes_decision_id', type: 'uuid', nullable: true }) supersedesDecisionId: string | null;
  @Column({ name: 'pemda_code' }) pemdaCode: string;
  @Column() year: number;
  @Column({ name: 'sub_indicator_code' }) subIndicatorCode: string;
  @Column() wilayah: string;
  @Column({ type: 'text' }) outcome: DecisionOutcome;
  @Column(rubricValueColumn('verified_value')) verifiedValue: number | null;
  @Column({ name: 'reason_code', type: 'text', nullable: true }) reasonCode: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** The text the Pemda is told (label of the reason code and the note), as carried in the event. */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'decided_by' }) decidedBy: string;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt: Date;
  @Column({ name: 'waiting_since', type: 'timestamptz' }) waitingSince: Date;
  /** Until when the deciding verifier may correct it; null for QA overturns. */
  @Column({ name: 'correctable_until', type: 'timestamptz', nullable: true }) correctableUntil: Date | null;
  /** Scoring refused it (mcp.decision.refused.v1): it counts in no score (docs/decisions.md #74). */
  @Column({ name: 'not_counted_at', type: 'timestamptz', nullable: true }) notCountedAt: Date | null;
  @Column({ name: 'not_counted_reason_code', type: 'text', nullable: true }) notCountedReasonCode: 'year_closed' | null;
  @Column({ name: 'not_counted_reason', type: 'text', nullable: true }) notCountedReason: string | null;
}
