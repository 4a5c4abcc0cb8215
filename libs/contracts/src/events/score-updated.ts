import schema from '../../schemas/mcp.score.updated.v1.schema.json';
import { defineContract } from '../event-contract';
import { Topics } from '../topics';

export type Wilayah = 'I' | 'II' | 'III' | 'IV' | 'V';

export interface ScoreUpdatedV1 {
  pemdaCode: string;
  provinceCode: string;
  wilayah: Wilayah;
  year: number;
  frameworkRevision: number;
  /** Exact decimal strings: floats would drift between the incremental and the full recompute. */
  total: string;
  previousTotal: string;
  areas: { code: string; score: string }[];
  causedByDecisionId: string;
  computedAt: string;
}

export const ScoreUpdated = defineContract<ScoreUpdatedV1>(
  Topics.scoreUpdated,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}`,
);
