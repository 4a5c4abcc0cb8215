import { EvidenceSubmitted, EvidenceWithdrawn, type EvidenceSubmittedV1, type EvidenceWithdrawnV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EvidenceWithdrawals } from './evidence-withdrawals';
import { TaskIntake } from './task-intake';

/** Kafka only: uploads join the queue, withdrawals leave it. */
@Injectable()
export class TasksEvents {
  constructor(
    private readonly intake: TaskIntake,
    private readonly withdrawals: EvidenceWithdrawals,
  ) {}

  @HandleEvent(EvidenceSubmitted, { consumer: 'evidence' })
  onEvidenceSubmitted(event: McpEvent<EvidenceSubmittedV1>, tx: EntityManager): Promise<void> {
    return this.intake.addEvidence(event.data, tx);
  }

  @HandleEvent(EvidenceWithdrawn, { consumer: 'evidence-withdrawn' })
  async onEvidenceWithdrawn(event: McpEvent<EvidenceWithdrawnV1>, tx: EntityManager): Promise<void> {
    await this.withdrawals.withdraw(event.data, tx);
  }
}
