import { OperatorAssignmentsChanged, type McpEvent, type OperatorAssignmentsChangedV1 } from '@mcp/contracts';
import { HandleEvent } from '@mcp/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PemdaOperatorAssignments } from './pemda-operator-assignments';

@Injectable()
export class OperatorAssignmentsEvents {
  constructor(private readonly assignments: PemdaOperatorAssignments) {}

  /** Consumer `verification.operator-assignments`: the inbox remembers what it applied under that name, so it never changes. */
  @HandleEvent(OperatorAssignmentsChanged, { consumer: 'operator-assignments' })
  onAssignmentsChanged(event: McpEvent<OperatorAssignmentsChangedV1>, tx: EntityManager): Promise<void> {
    return this.assignments.apply(event.data, tx);
  }
}
