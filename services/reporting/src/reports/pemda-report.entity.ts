import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface AreaScore {
  code: string;
  /** Exact decimal string, as the scoring service sent it. */
  score: string;
}

/** A Pemda's latest score for a year, as last announced by `mcp.score.updated.v1`. */
@Entity({ name: 'pemda_report' })
export class PemdaReport {
  @PrimaryColumn({ name: 'pemda_code' })
  pemdaCode: string;

  @PrimaryColumn()
  year: number;

  @Column({ name: 'framework_revision' })
  frameworkRevision: number;

  /** numeric, read as a string so no digit is lost to floating point. */
  @Column({ type: 'numeric' })
  total: string;

  @Column({ type: 'jsonb' })
  areas: AreaScore[];

  /** The event's computedAt: a score computed earlier never overwrites a later one. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
