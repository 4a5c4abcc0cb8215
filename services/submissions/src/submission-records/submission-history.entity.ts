import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { nullableNumericColumn } from '../numeric-column';

export type HistoryKind = 'uploaded' | 'claim_changed' | 'decided' | 'withdrawn' | 'not_counted';

/** What happened to a submission, in order, with who did it and why: never updated, only added. */
@Entity({ name: 'submission_history' })
export class SubmissionHistory {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'pemda_code', type: 'text' })
  pemdaCode: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'sub_indicator_code', type: 'text' })
  subIndicatorCode: string;

  @Column({ type: 'text' })
  kind: HistoryKind;

  @Column({ name: 'evidence_id', type: 'uuid', nullable: true })
  evidenceId: string | null;

  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column(nullableNumericColumn('claimed_value'))
  claimedValue: number | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column(nullableNumericColumn('verified_value'))
  verifiedValue: number | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text' })
  actor: string;

  /** An admin did it for the Pemda (upload, withdrawal, claim change): shown as such (docs/decisions.md #46). */
  @Column({ name: 'on_behalf_of_pemda', type: 'boolean', default: false })
  onBehalfOfPemda: boolean;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
