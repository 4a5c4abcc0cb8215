import type { RegionKind } from '@mcp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface RegionAreaFigure {
  code: string;
  scoreSum: string;
  average: string;
}

/** A region's latest average for a year, as last announced by `mcp.aggregate.updated.v1`. */
@Entity({ name: 'region_report' })
export class RegionReport {
  /** A province code (`32`), `wilayah-I`…`wilayah-V`, or `national`. */
  @PrimaryColumn({ name: 'region_code' })
  regionCode: string;

  @PrimaryColumn()
  year: number;

  @Column({ name: 'region_kind', type: 'text' })
  regionKind: RegionKind;

  @Column({ type: 'numeric' })
  average: string;

  @Column({ name: 'score_sum', type: 'numeric' })
  scoreSum: string;

  @Column({ name: 'pemda_count' })
  pemdaCount: number;

  /** Per area, exact decimal strings; null until an event with areas arrives (decisions.md #17). */
  @Column({ type: 'jsonb', nullable: true })
  areas: RegionAreaFigure[] | null;

  /** The event's updatedAt: an aggregate computed earlier never overwrites a later one. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
