import { FrameworkPublished, type FrameworkPublishedV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent, PermanentEventError } from '@mcp/messaging';
import { schemaOf } from '@mcp/service-runtime';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { announceReferenceDataChange } from './reference-data-changes';
import { storeFrameworkRevision } from './stored-framework';

/**
 * Every service that keeps a copy of the frameworks stores each published revision from the
 * compacted `mcp.framework.published.v1` topic, so a correction reaches all of them without a
 * redeploy (consumer `<service>.frameworks`). Only one replica of a service consumes the event;
 * the change notice tells every replica to drop its cached copy. The shipped files stay the
 * bootstrap path (seedReferenceData).
 */
@Injectable()
export class FrameworkPublishedEvents {
  @HandleEvent(FrameworkPublished, { consumer: 'frameworks' })
  async onFrameworkPublished(event: McpEvent<FrameworkPublishedV1>, tx: EntityManager): Promise<void> {
    requireMatchingKey(event.data);
    await storeFrameworkRevision(tx, schemaOf(tx), event.data.framework);
    await announceReferenceDataChange(tx);
  }
}

function requireMatchingKey(data: FrameworkPublishedV1): void {
  if (data.framework.year === data.year && data.framework.revision === data.revision) return;
  throw new PermanentEventError(
    `Peristiwa menyebut kerangka ${data.year} revisi ${data.revision} tetapi dokumennya ` +
      `${data.framework.year} revisi ${data.framework.revision} (event and document disagree)`,
  );
}
