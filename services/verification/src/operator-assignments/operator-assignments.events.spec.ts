import { OperatorAssignmentsChanged } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { OperatorAssignmentsEvents } from './operator-assignments.events';

describe('OperatorAssignmentsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer name verification.operator-assignments', () => {
    expect(eventHandlersDeclaredOn(OperatorAssignmentsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [OperatorAssignmentsChanged, 'operator-assignments'],
    ]);
  });
});
