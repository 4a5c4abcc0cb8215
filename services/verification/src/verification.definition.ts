import { messagingTablesMigration } from '@mcp/messaging';
import { referenceTablesMigration } from '@mcp/reference-data';
import type { ServiceDefinition } from '@mcp/service-runtime';
import { CreateVerificationQueue1763700000300 } from './migrations/1763700000300-create-verification-queue';
import { Decision } from './tasks/decision.entity';
import { Task } from './tasks/task.entity';
import { TaskEvidence } from './tasks/task-evidence.entity';

export const verificationService = {
  name: 'verification',
  description:
    'The verification queue: one task per Pemda × year × sub-indicator, claimed by a verifier of the ' +
    "Pemda's wilayah and decided (approved, rejected, revision requested) into mcp.evidence.verified.v1.",
  entities: [Task, TaskEvidence, Decision],
  migrations: [
    messagingTablesMigration('verification'),
    referenceTablesMigration('verification'),
    CreateVerificationQueue1763700000300,
  ],
} satisfies ServiceDefinition & { description: string };
