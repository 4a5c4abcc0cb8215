import schema from '../../schemas/mcp.verifier.wilayah-assigned.v1.schema.json';
import { defineContract } from '../event-contract';
import type { VerifierWilayahAssignedV1 } from '../generated/mcp.verifier.wilayah-assigned.v1';
import { Topics } from '../topics';

export type { VerifierWilayahAssignedV1 };

/**
 * One truth about where a verifier works: submissions opens evidence by it (docs/decisions.md #47),
 * notification addresses by it, the portal filters live hints by it (#193).
 */
export const VerifierWilayahAssigned = defineContract<VerifierWilayahAssignedV1>(
  Topics.verifierWilayahAssigned,
  schema,
  (data) => data.subject,
  (data) => data.subject,
  {
    key: 'subject (per-verifier order)',
    compacted: false,
    producer: 'verification',
    consumers: ['submissions', 'notification', 'portal'],
    // Names KPK staff and where they work: not for the downstream analytics reader.
    confidential: true,
    note: 'Internal to KPK: names verifiers; not offered to webhooks. The latest assignedAt per subject is in force.',
  },
);
