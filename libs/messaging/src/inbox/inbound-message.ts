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

/**
 * Thrown by a handler (or recognised by the inbox) when the failure lies outside the event: the
 * database or the network is away. The event is not dead-lettered: its partition waits with
 * exponential backoff and the event is tried again (docs/decisions.md #60).
 */
export class TransientEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientEventError';
  }
}

/**
 * The event names reference data (a framework year, a sub-indicator of a revision published a
 * moment ago) that this service's own copy does not hold yet: it is on its way through
 * `mcp.framework.published.v1`, so the event waits like a transient failure. It waits at most the
 * inbox's reference-data grace; after that the reference is taken to be wrong and the event is
 * dead-lettered with this message.
 */
export class ReferenceDataPendingError extends TransientEventError {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceDataPendingError';
  }
}
