import { FrameworkPublished, type FrameworkPublishedV1 } from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, PermanentEventError, type EventDeliveryContext } from '@mcp/messaging';
import { Controller } from '@nestjs/common';
import { ReferenceData } from './reference-data';
import { storeFrameworkRevision } from './stored-framework';

/**
 * Kafka only: every service that keeps a copy of the frameworks stores each published revision
 * from the compacted `mcp.framework.published.v1` topic, so a correction reaches all of them
 * without a redeploy. The shipped files stay the bootstrap path (seedReferenceData).
 */
@Controller()
export class FrameworkPublishedController {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly events: EventConsumer,
  ) {}

  @OnEvent(FrameworkPublished)
  async onFrameworkPublished(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    const schema = this.referenceData.schema;
    await this.events.consume<FrameworkPublishedV1>(
      `${schema}.frameworks`,
      delivery,
      FrameworkPublished,
      async (event, manager) => {
        requireMatchingKey(event.data);
        await storeFrameworkRevision(manager, schema, event.data.framework);
      },
    );
    // After the commit, so no reader can cache the old revision again in between.
    this.referenceData.invalidate();
  }
}

function requireMatchingKey(data: FrameworkPublishedV1): void {
  if (data.framework.year === data.year && data.framework.revision === data.revision) return;
  throw new PermanentEventError(
    `Peristiwa menyebut kerangka ${data.year} revisi ${data.revision} tetapi dokumennya ` +
      `${data.framework.year} revisi ${data.framework.revision} (event and document disagree)`,
  );
}
