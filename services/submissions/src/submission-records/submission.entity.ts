import type { VerificationOutcome } from '@mcp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableNumericColumn } from '../numeric-column';

/** One Pemda × year × sub-indicator: the claim (`nilai`) and the verifier's decision in force. */
@Entity({ name: 'submission' })
export class Submission {
  @PrimaryColumn({ name: 'pemda_code', type: 'text' })
  pemdaCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ name: 'sub_indicator_code', type: 'text' })
  subIndicatorCode: string;

  @Column(nullableNumericColumn('claimed_value'))
  claimedValue: number | null;

  @Column({ name: 'claim_changed_by', type: 'text', nullable: true })
  claimChangedBy: string | null;

  @Column({ name: 'claim_changed_at', type: 'timestamptz', nullable: true })
  claimChangedAt: Date | null;

  @Column({ name: 'decision_outcome', type: 'text', nullable: true })
  decisionOutcome: VerificationOutcome | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  /** `nilai_verifikasi` of the decision in force (null unless approved). */
  @Column(nullableNumericColumn('verified_value'))
  verifiedValue: number | null;

  /** The decision in force is the one with the highest sequence; older ones arriving late are ignored. */
  @Column({ name: 'decision_sequence', type: 'integer' })
  decisionSequence: number;

  /** The highest sequence scoring refused (a closed year): when it is the one in force, it counts in no score (#74). */
  @Column({ name: 'not_counted_sequence', type: 'integer', nullable: true })
  notCountedSequence: number | null;

  @Column({ name: 'not_counted_reason', type: 'text', nullable: true })
  notCountedReason: string | null;

  @Column({ name: 'not_counted_at', type: 'timestamptz', nullable: true })
  notCountedAt: Date | null;

  @Column({ name: 'version_count', type: 'integer' })
  versionCount: number;

  /** Who of the Pemda last uploaded or set the claim: whose open items a handover moves (#68). */
  @Column({ name: 'responsible_subject', type: 'text', nullable: true })
  responsibleSubject: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
