import { EvidenceVerified, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, type EventDeliveryContext } from '@mcp/messaging';
import { Controller } from '@nestjs/common';
import { DecisionsService } from './decisions.service';

/** Kafka only: every verification decision re-scores its Pemda and the regions it counts in. */
@Controller()
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly events: EventConsumer,
  ) {}

  @OnEvent(EvidenceVerified)
  async onDecision(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<EvidenceVerifiedV1>('scoring.decisions', delivery, EvidenceVerified, (event, manager) =>
      this.decisions.applyDecision(event, manager),
    );
  }
}
