import schema from '../../schemas/mcp.audit.head.v1.schema.json';
import { defineContract } from '../event-contract';
import type { AuditHeadV1 } from '../generated/mcp.audit.head.v1';
import { Topics } from '../topics';

export type { AuditHeadV1 };

/** One key for every lane: heads stay in order on one partition, and the topic keeps them all. */
export const AuditHead = defineContract<AuditHeadV1>(
  Topics.auditHead,
  schema,
  () => 'audit',
  (data) => `${data.lane ?? 0}/${data.sequence}`,
  {
    key: 'the constant `audit`',
    compacted: false,
    producer: 'reporting',
    // No service consumes it: operators read it (audit:verify) as admin, partners from the lake.
    consumers: [],
    note: 'One head per lane that moved (docs/decisions.md #128). Copies of these heads outside the database let `audit:verify` detect a lane rewritten and re-hashed from its first row.',
  },
);
