import { randomUUID } from 'node:crypto';
import type { EventContract } from './event-contract';
import { assertValidData } from './schema-validation';

/** A CloudEvents 1.0 envelope with typed `data`, as producers build it and consumers receive it. */
export interface McpEvent<TData> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject: string;
  readonly datacontenttype: 'application/json';
  readonly dataschema: string;
  readonly data: TData;
  /**
   * CloudEvents distributed-tracing extension: the W3C trace context of the span that produced the
   * event, so the consumer's work continues the same trace (docs/decisions.md #33). Absent when
   * the producer traced nothing.
   */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/**
 * The CloudEvents `source` of the topic's owning service (`/mcp/<producer>`): the only source its
 * consumers accept (docs/decisions.md #58).
 */
export function eventSourceOf(contract: Pick<EventContract<unknown>, 'channel'>): string {
  return `/mcp/${contract.channel.producer}`;
}

/** Builds a validated envelope; a producer can never emit data its own schema rejects. */
export function createEvent<TData>(
  contract: EventContract<TData>,
  data: TData,
  source: string,
  options: { id?: string; time?: Date } = {},
): McpEvent<TData> {
  assertValidData(contract, data);
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source,
    type: contract.type,
    time: (options.time ?? new Date()).toISOString(),
    subject: contract.subjectOf(data),
    datacontenttype: 'application/json',
    dataschema: contract.dataSchemaId,
    data,
  };
}
