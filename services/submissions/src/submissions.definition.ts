import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration } from '@mcp/reference-data';
import type { ServiceDefinition } from '@mcp/service-runtime';
import { Evidence } from './evidence/evidence.entity';
import { CreateEvidence1763700000200 } from './migrations/1763700000200-create-evidence';

export const submissionsService = {
  name: 'submissions',
  description:
    'Takes evidence (dokumen pendukung) from Pemda operators for each sub-indicator, stores the file ' +
    'and announces it on mcp.evidence.submitted.v1.',
  entities: [Evidence],
  migrations: [
    messagingTablesMigration('submissions'),
    referenceTablesMigration('submissions'),
    CreateEvidence1763700000200,
  ],
} satisfies ServiceDefinition & { description: string };
