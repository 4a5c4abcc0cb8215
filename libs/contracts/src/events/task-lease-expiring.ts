import schema from '../../schemas/mcp.task.lease-expiring.v1.schema.json';
import { defineContract } from '../event-contract';
import type { TaskLeaseExpiringV1 } from '../generated/mcp.task.lease-expiring.v1';
import { Topics } from '../topics';

export type { TaskLeaseExpiringV1 };

/** Verification owns leases and their clock, so it announces the end of one (docs/decisions.md #40). */
export const TaskLeaseExpiring = defineContract<TaskLeaseExpiringV1>(
  Topics.taskLeaseExpiring,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.taskId}/${data.leaseExpiresAt}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'verification',
    consumers: ['notification'],
    // Names the verifier holding a Pemda's item: not for the downstream analytics reader.
    confidential: true,
    note: 'At most one per lease (task x leaseExpiresAt). Internal to KPK: names the verifier; not offered to webhooks nor readable downstream.',
  },
);
