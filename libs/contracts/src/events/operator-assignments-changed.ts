import schema from '../../schemas/mcp.operator.assignments-changed.v1.schema.json';
import { defineContract } from '../event-contract';
import type { OperatorAssignmentsChangedV1 } from '../generated/mcp.operator.assignments-changed.v1';
import { Topics } from '../topics';

export type { OperatorAssignmentsChangedV1 };

/**
 * One truth about which operator of a Pemda may work on what (docs/decisions.md #68, #137):
 * submissions owns the assignments, verification refuses a clarification message from an operator
 * outside them. The whole set per Pemda, so compaction keeps exactly what a new reader needs.
 */
export const OperatorAssignmentsChanged = defineContract<OperatorAssignmentsChangedV1>(
  Topics.operatorAssignmentsChanged,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/r${data.revision}`,
  {
    key: 'pemdaCode (the latest set per Pemda)',
    compacted: true,
    producer: 'submissions',
    consumers: ['verification'],
    // Names the Pemda's staff and how their work is split: not for the downstream analytics reader.
    confidential: true,
    note: "Internal: names a Pemda's operators; not offered to webhooks. The highest revision per Pemda is in force.",
  },
);
