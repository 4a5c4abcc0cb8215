import type { DecisionOutcome } from '@mcp/mcp-domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The decision in force for one Pemda × year × sub-indicator: the one with the highest sequence. */
@Entity({ name: 'sub_indicator_value' })
export class SubIndicatorValue {
  @PrimaryColumn({ name: 'pemda_code', type: 'text' })
  pemdaCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ name: 'sub_indicator_code', type: 'text' })
  subIndicatorCode: string;

  @Column({ type: 'text' })
  outcome: DecisionOutcome;

  /** `nilai_verifikasi` as an exact decimal string; null unless approved (scores 0). */
  @Column({ name: 'verified_value', type: 'numeric', nullable: true })
  verifiedValue: string | null;

  /** The Pemda's own claim (`nilai`), kept because the gap to the verified value is reported. */
  @Column({ name: 'claimed_value', type: 'numeric', nullable: true })
  claimedValue: string | null;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId: string;

  /** The evidence the decision was taken on, shown by the explain route. */
  @Column({ name: 'evidence_ids', type: 'uuid', array: true })
  evidenceIds: string[];

  /** bigint: the producer decides how sequences grow; pg hands bigint back as a string. */
  @Column({ type: 'bigint' })
  sequence: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
