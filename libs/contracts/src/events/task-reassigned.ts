import schema from '../../schemas/mcp.task.reassigned.v1.schema.json';
import { defineContract } from '../event-contract';
import type { TaskReassignedV1 } from '../generated/mcp.task.reassigned.v1';
import { Topics } from '../topics';

export type { TaskReassignedV1 };

export const TaskReassigned = defineContract<TaskReassignedV1>(
  Topics.taskReassigned,
  schema,
  (data) => data.pemdaCode,
  (data) => data.taskId,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'verification',
    consumers: ['notification'],
    // Names KPK staff and who holds which Pemda's work: not for the downstream analytics reader.
    confidential: true,
    note: 'Internal to KPK: names verifiers, for telling them; not offered to webhooks nor readable downstream. The latest `at` per task is who holds it.',
  },
);
