import type { RawHeaders } from '../kafka/cloud-event-codec';

/** A Kafka record as the inbox needs it, independent of the transport that delivered it. */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: unknown;
  headers: RawHeaders;
  value: unknown;
}

/**
 * Thrown by a handler when retrying cannot help (the event refers to an unknown Pemda, or arrives
 * after its year was closed): the event goes to the dead-letter topic at once, with this message.
 */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}
