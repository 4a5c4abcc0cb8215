import { EvidenceSubmitted, EvidenceWithdrawn, type EvidenceSubmittedV1, type EvidenceWithdrawnV1, type McpEvent } from '@mcp/contracts';
import { HandleEvent, HandleEventBatch } from '@mcp/messaging';
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

  /**
   * In batches (docs/decisions.md #79): a rush's uploads share one transaction, one inbox insert
   * and one lock statement (#127) per fetch instead of one each; in offset order, so an item's
   * uploads keep theirs.
   */
  @HandleEventBatch(EvidenceSubmitted, { consumer: 'evidence' })
  async onEvidenceSubmitted(events: McpEvent<EvidenceSubmittedV1>[], tx: EntityManager): Promise<void> {
    await this.intake.addEvidence(events.map((event) => event.data), tx);
  }

  @HandleEvent(EvidenceWithdrawn, { consumer: 'evidence-withdrawn' })
  async onEvidenceWithdrawn(event: McpEvent<EvidenceWithdrawnV1>, tx: EntityManager): Promise<void> {
    await this.withdrawals.withdraw(event.data, tx);
  }
}
