import { OperatorAssignmentsChanged, type OperatorAssignmentsChangedV1 } from '@mcp/contracts';
import { OutboxWriter } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OperatorAssignmentRepository, type AssignmentHistoryEntry, type OperatorAssignment } from './operator-assignment.repository';

/** The Pemda's assignments as the event carries them: what the check needs, no names or history. */
export function assignmentsOf(all: readonly OperatorAssignment[]): OperatorAssignmentsChangedV1['operators'] {
  return all.map(({ operatorSubject, opdName, areaCodes, indicatorCodes, picAreaCodes }) => ({
    operatorSubject,
    opdName,
    areaCodes,
    indicatorCodes,
    picAreaCodes,
  }));
}

/**
 * Every change to a Pemda's OPD accounts is written to its history and announced, in one
 * transaction, with the Pemda's whole set as it now stands (docs/decisions.md #137): verification
 * checks a clarification message against it, as submissions checks an upload against its table.
 * The history entry's id is the revision: changes of one Pemda are serialised by its lock, so ids
 * rise in the order the changes commit.
 */
@Injectable()
export class AssignmentAnnouncement {
  constructor(
    private readonly assignments: OperatorAssignmentRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async recordAndAnnounce(manager: EntityManager, entry: Omit<AssignmentHistoryEntry, 'id'>): Promise<void> {
    const revision = await this.assignments.record(manager, entry);
    await this.outbox.enqueue(manager, OperatorAssignmentsChanged, {
      pemdaCode: entry.pemdaCode,
      revision,
      change: entry.kind,
      changedBy: entry.actor,
      changedAt: entry.occurredAt.toISOString(),
      operators: assignmentsOf(await this.assignments.forPemda(manager, entry.pemdaCode)),
    });
  }
}
