import { EvidenceSubmitted, EvidenceWithdrawn, type EvidenceSubmittedV1, type EvidenceWithdrawnV1 } from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, type EventDeliveryContext } from '@mcp/messaging';
import { Controller } from '@nestjs/common';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { TaskIntake } from './task-intake';

/** Kafka only: uploads join the queue, withdrawals leave it. */
@Controller()
export class TaskEventsController {
  constructor(
    private readonly intake: TaskIntake,
    private readonly withdrawals: EvidenceWithdrawals,
    private readonly events: EventConsumer,
  ) {}

  @OnEvent(EvidenceSubmitted)
  async onEvidence(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<EvidenceSubmittedV1>('verification.evidence', delivery, EvidenceSubmitted, (event, manager) =>
      this.intake.addEvidence(event.data, manager),
    );
  }

  @OnEvent(EvidenceWithdrawn)
  async onWithdrawal(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<EvidenceWithdrawnV1>('verification.evidence-withdrawn', delivery, EvidenceWithdrawn, async (event, manager) => {
      await this.withdrawals.withdraw(event.data, manager);
    });
  }
}
