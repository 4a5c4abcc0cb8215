import { EvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SubmissionDecisions } from './submission-decisions';

@Injectable()
export class SubmissionItemsEvents {
  constructor(private readonly decisions: SubmissionDecisions) {}

  /** Consumer `submissions.decisions`: the inbox remembers what it applied under that name, so it never changes. */
  @HandleEvent(EvidenceVerified, { consumer: 'decisions' })
  onEvidenceVerified(event: McpEvent<EvidenceVerifiedV1>, tx: EntityManager): Promise<void> {
    return this.decisions.apply(event.data, tx);
  }
}
