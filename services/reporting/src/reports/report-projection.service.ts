import type { AggregateUpdatedV1, McpEvent, ScoreUpdatedV1 } from '@mcp/contracts';
import { sqlTable } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Keeps the read model in step with the scoring service's events. Both run inside the inbox
 * transaction of their event. Kafka keeps per-key order, but a replay or a re-published event can
 * still bring an older figure late, so a row only moves forward in the producer's own time.
 */
@Injectable()
export class ReportProjection {
  async applyScore({ data }: McpEvent<ScoreUpdatedV1>, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'pemda_report')} AS stored
         (pemda_code, year, framework_revision, total, areas, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pemda_code, year) DO UPDATE SET
         framework_revision = EXCLUDED.framework_revision, total = EXCLUDED.total,
         areas = EXCLUDED.areas, updated_at = EXCLUDED.updated_at
       WHERE stored.updated_at <= EXCLUDED.updated_at`,
      [data.pemdaCode, data.year, data.frameworkRevision, data.total, JSON.stringify(data.areas), data.computedAt],
    );
  }

  async applyAggregate({ data }: McpEvent<AggregateUpdatedV1>, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO ${sqlTable(manager, 'region_report')} AS stored
         (region_code, region_kind, year, average, score_sum, pemda_count, updated_at, areas)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (region_code, year) DO UPDATE SET
         region_kind = EXCLUDED.region_kind, average = EXCLUDED.average,
         score_sum = EXCLUDED.score_sum, pemda_count = EXCLUDED.pemda_count,
         updated_at = EXCLUDED.updated_at, areas = coalesce(EXCLUDED.areas, stored.areas)
       WHERE stored.updated_at <= EXCLUDED.updated_at`,
      [
        data.regionCode,
        data.regionKind,
        data.year,
        data.average,
        data.scoreSum,
        data.pemdaCount,
        data.updatedAt,
        // An event without areas predates them (decisions.md #11): it says nothing about areas.
        data.areas ? JSON.stringify(data.areas) : null,
      ],
    );
  }
}
