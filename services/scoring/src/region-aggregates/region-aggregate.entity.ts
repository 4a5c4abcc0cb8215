import type { RegionKind } from '@mcp/mcp-domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Running total of one region's Pemda scores for a year, kept by delta. `pemdaCount` is every Pemda
 * of the region (from reference data when the year's rows are created), scored or not.
 */
@Entity({ name: 'region_aggregate' })
export class RegionAggregateRecord {
  /** A province code (`32`), `wilayah-I`…`wilayah-V`, or `national`. */
  @PrimaryColumn({ name: 'region_code', type: 'text' })
  regionCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'region_kind', type: 'text' })
  regionKind: RegionKind;

  /** Σ of the region's Pemda totals, an exact decimal string (numeric column). */
  @Column({ name: 'score_sum', type: 'numeric', default: 0 })
  scoreSum: string;

  /** Σ of the region's Pemda area scores per area code, exact decimal strings. */
  @Column({ name: 'area_sums', type: 'jsonb', default: {} })
  areaSums: Record<string, string>;

  @Column({ name: 'pemda_count', type: 'integer' })
  pemdaCount: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
