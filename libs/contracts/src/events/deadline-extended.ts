import schema from '../../schemas/mcp.deadline.extended.v1.schema.json';
import { defineContract } from '../event-contract';
import type { DeadlineExtendedV1 } from '../generated/mcp.deadline.extended.v1';
import { Topics } from '../topics';

export type { DeadlineExtendedV1 };

export const DeadlineExtended = defineContract<DeadlineExtendedV1>(
  Topics.deadlineExtended,
  schema,
  (data) => data.pemdaCode,
  (data) => `${data.pemdaCode}/${data.year}`,
  {
    key: 'pemdaCode',
    compacted: false,
    producer: 'submissions',
    consumers: ['notification'],
    note: 'The grant with the latest grantedAt per Pemda x year is the deadline in force.',
  },
);
