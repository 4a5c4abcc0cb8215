import type { McpEvent } from '@mcp/contracts';
import { CloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';

export interface EncodedMessage {
  key: string;
  value: Buffer;
  headers: Record<string, Buffer>;
}

export type RawHeaders = Record<string, unknown>;

/** CloudEvents Kafka binary mode: attributes travel as `ce_*` headers, `data` is the value. */
export function encodeEvent(event: McpEvent<unknown>, key: string): EncodedMessage {
  const message = CloudEventsKafka.binary(new CloudEvent({ ...event, partitionkey: key }));
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined && value !== null) headers[name] = Buffer.from(String(value));
  }
  return { key, value: Buffer.from(JSON.stringify(event.data)), headers };
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export class UndecodableEventError extends Error {}

/**
 * Reads an envelope from either binary mode (ce_* headers) or structured mode (the whole event as
 * JSON in the value), because downstream producers may choose either.
 */
export function decodeEvent(headers: RawHeaders, value: unknown, key?: unknown): McpEvent<unknown> {
  const textHeaders: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const text = headerText(raw);
    if (text !== undefined) textHeaders[name] = text;
  }
  const body = Buffer.isBuffer(value) ? value : Buffer.from(headerText(value) ?? '');
  try {
    const event = CloudEventsKafka.toEvent({
      headers: textHeaders,
      key: headerText(key),
      value: body,
      body,
    } as never) as CloudEvent<unknown>;
    return event.toJSON() as unknown as McpEvent<unknown>;
  } catch (error) {
    throw new UndecodableEventError(`Not a CloudEvent: ${(error as Error).message}`);
  }
}
