import schema from '../../schemas/mcp.verifier.wilayah-assigned.v1.schema.json';
import { defineContract } from '../event-contract';
import type { VerifierWilayahAssignedV1 } from '../generated/mcp.verifier.wilayah-assigned.v1';
import { Topics } from '../topics';

export type { VerifierWilayahAssignedV1 };

/** One truth about where a verifier works: submissions opens evidence by it (docs/decisions.md #47). */
export const VerifierWilayahAssigned = defineContract<VerifierWilayahAssignedV1>(
  Topics.verifierWilayahAssigned,
  schema,
  (data) => data.subject,
  (data) => data.subject,
  {
    key: 'subject (per-verifier order)',
    compacted: false,
    producer: 'verification',
    note: 'Internal to KPK: names verifiers; not offered to webhooks. The latest assignedAt per subject is in force.',
  },
);
