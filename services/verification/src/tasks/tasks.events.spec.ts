import { EvidenceSubmitted, EvidenceWithdrawn, type EvidenceSubmittedV1, type McpEvent } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import type { EntityManager } from 'typeorm';
import type { EvidenceWithdrawals } from './evidence-withdrawals';
import type { TaskIntake } from './task-intake';
import { TasksEvents } from './tasks.events';

describe('TasksEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer names verification.evidence and verification.evidence-withdrawn', () => {
    expect(eventHandlersDeclaredOn(TasksEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [EvidenceSubmitted, 'evidence'],
      [EvidenceWithdrawn, 'evidence-withdrawn'],
    ]);
  });

  it('takes uploads in batches and queues them in offset order in the one transaction', async () => {
    expect(eventHandlersDeclaredOn(TasksEvents).find(({ contract }) => contract === EvidenceSubmitted)?.batch).toBe(true);
    const queued: [string[], EntityManager][] = [];
    const intake = {
      addEvidence: jest.fn(async (uploads: EvidenceSubmittedV1[], tx: EntityManager) => void queued.push([uploads.map((evidence) => evidence.evidenceId), tx])),
    };
    const events = new TasksEvents(intake as unknown as TaskIntake, {} as EvidenceWithdrawals);
    const tx = {} as EntityManager;
    const upload = (evidenceId: string) => ({ data: { evidenceId } }) as McpEvent<EvidenceSubmittedV1>;
    await events.onEvidenceSubmitted([upload('b'), upload('a'), upload('c')], tx);
    // One call for the batch: the intake locks all of its files in one statement (docs/decisions.md #127).
    expect(queued).toEqual([[['b', 'a', 'c'], tx]]);
  });
});
