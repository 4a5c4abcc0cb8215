import schema from '../../schemas/mcp.audit.head.v1.schema.json';
import { defineContract } from '../event-contract';
import type { AuditHeadV1 } from '../generated/mcp.audit.head.v1';
import { Topics } from '../topics';

export type { AuditHeadV1 };

/** One chain, one key: heads stay in order on one partition, and the topic keeps them all. */
export const AuditHead = defineContract<AuditHeadV1>(
  Topics.auditHead,
  schema,
  () => 'audit',
  (data) => String(data.sequence),
  {
    key: 'the constant `audit`',
    compacted: false,
    producer: 'reporting',
    // No service consumes it: operators read it (audit:verify) as admin, partners from the lake.
    consumers: [],
    note: 'Copies of these heads outside the database let `audit:verify` detect a chain rewritten and re-hashed from its first row.',
  },
);
