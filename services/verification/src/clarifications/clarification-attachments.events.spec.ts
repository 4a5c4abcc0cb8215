import { ClarificationAttachmentUploaded } from '@mcp/contracts';
import { eventHandlersDeclaredOn } from '@mcp/messaging';
import { ClarificationAttachmentsEvents } from './clarification-attachments.events';

describe('ClarificationAttachmentsEvents', () => {
  // The inbox dedupes per consumer name: a renamed consumer would apply redelivered events again.
  it('keeps the deployed consumer name verification.clarification-attachments', () => {
    expect(eventHandlersDeclaredOn(ClarificationAttachmentsEvents).map(({ contract, consumer }) => [contract, consumer])).toEqual([
      [ClarificationAttachmentUploaded, 'clarification-attachments'],
    ]);
  });
});
