import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One area's score as stored: an exact decimal string, with the framework's name for display. */
export interface StoredAreaScore {
  code: string;
  name: string;
  score: string;
}

/** A Pemda's current score for a year, replaced on every decision that changes its values. */
@Entity({ name: 'pemda_score' })
export class PemdaScoreRecord {
  @PrimaryColumn({ name: 'pemda_code', type: 'text' })
  pemdaCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'framework_revision', type: 'integer' })
  frameworkRevision: number;

  /** 0–100, unrounded, as an exact decimal string (numeric column). */
  @Column({ type: 'numeric' })
  total: string;

  @Column({ type: 'jsonb' })
  areas: StoredAreaScore[];

  /** The same roll-up over the Pemda's claims (`nilai`), for the claimed-vs-verified gap. */
  @Column({ name: 'claimed_total', type: 'numeric' })
  claimedTotal: string;

  @Column({ name: 'claimed_areas', type: 'jsonb' })
  claimedAreas: StoredAreaScore[];

  @Column({ name: 'caused_by_decision_id', type: 'uuid' })
  causedByDecisionId: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
