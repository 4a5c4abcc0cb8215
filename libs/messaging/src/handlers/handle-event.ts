import type { EventContract, McpEvent } from '@mcp/contracts';
import type { EntityManager } from 'typeorm';

/**
 * A consumer name is `<service>.<subject>`: the lib prefixes the service, the handler names the
 * subject (`decisions`, `task-intake`). The inbox deduplicates per consumer name, so a name must
 * never change once deployed: a renamed consumer would apply again whatever is redelivered.
 */
export interface HandleEventOptions {
  /** The subject part of the consumer name: lower-case words joined by `-`. */
  consumer: string;
}

export interface HandleEventBatchOptions extends HandleEventOptions {
  /**
   * The most events of one partition's fetch the method gets in one call and transaction; 500
   * (MAX_EVENTS_PER_BATCH) when omitted. A handler whose cost per batch falls as batches grow (scoring
   * re-scores each Pemda once per batch) asks for more; the service's consumer then fetches enough
   * per partition to fill such a batch (docs/decisions.md #97).
   */
  maxEventsPerBatch?: number;
}

export interface EventHandlerDeclaration {
  contract: EventContract<unknown>;
  consumer: string;
  method: string | symbol;
  /** `@HandleEventBatch`: the method takes the new events of one partition's fetch, in offset order. */
  batch?: boolean;
  /** `@HandleEventBatch`'s `maxEventsPerBatch`, when it asks for one. */
  maxEventsPerBatch?: number;
}

const HANDLERS = Symbol('mcp:event-handlers');
const CONSUMER_SUBJECT = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

type EventHandlerMethod<TData> = (event: McpEvent<TData>, tx: EntityManager) => Promise<unknown> | unknown;

/**
 * Declares a provider method as the handler of one event contract. `libs/messaging` finds it at
 * start-up and runs it inside the inbox: the event is decoded and validated against the contract's
 * schema, recorded as processed in the same transaction `tx` as the handler's writes, retried on
 * failure and dead-lettered when it cannot succeed. The handler body is only domain work.
 */
export function HandleEvent<TData>(contract: EventContract<TData>, options: HandleEventOptions) {
  requireConsumerSubject(options);
  return <TMethod extends EventHandlerMethod<TData>>(
    target: object,
    method: string | symbol,
    _descriptor: TypedPropertyDescriptor<TMethod>,
  ): void => declare(target, { contract: contract as EventContract<unknown>, consumer: options.consumer, method });
}

type EventBatchHandlerMethod<TData> = (events: McpEvent<TData>[], tx: EntityManager) => Promise<unknown> | unknown;

/**
 * As `@HandleEvent`, for a handler that is cheaper per event when it sees many at once (scoring
 * re-scores a Pemda once for all its decisions of a batch, docs/decisions.md #79). The method gets
 * the events of one partition's fetch that its inbox has not seen, in offset order, and one
 * transaction `tx` that also records them all: it commits whole or not at all. Duplicates are
 * left out before the call; a record that fails its schema is dead-lettered and left out. When the
 * batch fails for a reason of one event (permanent, or a bug), the inbox applies the batch's events
 * one at a time through the same method, so only that event is dead-lettered.
 */
export function HandleEventBatch<TData>(contract: EventContract<TData>, options: HandleEventBatchOptions) {
  requireConsumerSubject(options);
  const { maxEventsPerBatch } = options;
  if (maxEventsPerBatch !== undefined && !(Number.isInteger(maxEventsPerBatch) && maxEventsPerBatch > 0)) {
    throw new Error(`maxEventsPerBatch of consumer "${options.consumer}" must be a positive integer, not ${maxEventsPerBatch}`);
  }
  return <TMethod extends EventBatchHandlerMethod<TData>>(
    target: object,
    method: string | symbol,
    _descriptor: TypedPropertyDescriptor<TMethod>,
  ): void =>
    declare(target, { contract: contract as EventContract<unknown>, consumer: options.consumer, method, batch: true, maxEventsPerBatch });
}

function requireConsumerSubject(options: HandleEventOptions): void {
  if (!CONSUMER_SUBJECT.test(options.consumer)) {
    throw new Error(`Consumer subject "${options.consumer}" must be lower-case words joined by "-"`);
  }
}

function declare(target: object, declaration: EventHandlerDeclaration): void {
  const declared: EventHandlerDeclaration[] = Reflect.getMetadata(HANDLERS, target.constructor) ?? [];
  Reflect.defineMetadata(HANDLERS, [...declared, declaration], target.constructor);
}

export function eventHandlersDeclaredOn(type: object): EventHandlerDeclaration[] {
  return Reflect.getMetadata(HANDLERS, type) ?? [];
}
