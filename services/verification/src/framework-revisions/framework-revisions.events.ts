import { FrameworkPublished, type FrameworkPublishedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RemovedSubIndicators } from './removed-sub-indicators';

/**
 * Kafka only: a published revision may drop sub-indicators that still have unfinished tasks. Its
 * own consumer beside reference-data's copy of the frameworks, which every service shares.
 */
@Injectable()
export class FrameworkRevisionsEvents {
  constructor(private readonly removedSubIndicators: RemovedSubIndicators) {}

  @HandleEvent(FrameworkPublished, { consumer: 'framework-revisions' })
  onFrameworkPublished(event: McpEvent<FrameworkPublishedV1>, tx: EntityManager): Promise<void> {
    return this.removedSubIndicators.onPublished(event.data, tx);
  }
}
