import schema from '../../schemas/mcp.aggregate.updated.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

export type RegionKind = 'province' | 'wilayah' | 'national';

export interface AggregateUpdatedV1 {
  /** A province code (`32`), `wilayah-I`…`wilayah-V`, or `national`. */
  regionCode: string;
  regionKind: RegionKind;
  year: number;
  /** scoreSum / pemdaCount over every Pemda of the region; a Pemda without verified evidence counts 0. */
  average: string;
  scoreSum: string;
  pemdaCount: number;
  updatedAt: string;
}

export const AggregateUpdated = defineContract<AggregateUpdatedV1>(
  Topics.aggregateUpdated,
  schema,
  (data) => data.regionCode,
  (data) => `${data.regionCode}/${data.year}`,
);
