import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EventContract } from '@mcp/contracts';
import { EventInbox, type EventBatchHandler, type EventHandler, type InboxOutcome } from '../inbox/event-inbox';
import type { InboundMessage } from '../inbox/inbound-message';
import { eventHandlersDeclaredOn } from './handle-event';

/**
 * The most records of one fetch a batch handler gets in one transaction unless it asks for another
 * number (`maxEventsPerBatch`): a fetch can hold thousands, and a transaction that long holds its
 * locks, and the heartbeat, for long. Measured in bench/scoring/decision-throughput.bench.ts
 * (docs/decisions.md #79).
 */
export const MAX_EVENTS_PER_BATCH = 500;

export const MESSAGING_SERVICE_NAME = Symbol('MESSAGING_SERVICE_NAME');

export interface RegisteredEventHandler {
  /** The full consumer name, `<service>.<subject>`. */
  consumer: string;
  contract: EventContract<unknown>;
  handle: EventHandler<unknown>;
  /** Set for a `@HandleEventBatch` method: the inbox hands it a fetch's events together. */
  handleBatch?: EventBatchHandler<unknown>;
  /** For a batch handler: the most events it gets in one call. */
  maxEventsPerBatch?: number;
}

/**
 * Every `@HandleEvent` method of the application's providers, found once at start-up. The Kafka
 * transport subscribes to `topics()` and hands each delivery to `dispatch`.
 */
@Injectable()
export class EventHandlerRegistry implements OnModuleInit {
  private readonly byTopic = new Map<string, RegisteredEventHandler[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly inbox: EventInbox,
    @Inject(MESSAGING_SERVICE_NAME) private readonly serviceName: string,
  ) {}

  onModuleInit(): void {
    const seen = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype || !wrapper.isDependencyTreeStatic()) continue;
      for (const declaration of eventHandlersDeclaredOn(metatype)) {
        const consumer = `${this.serviceName}.${declaration.consumer}`;
        if (seen.has(consumer)) throw new Error(`Two event handlers share the consumer name ${consumer}`);
        seen.add(consumer);
        const method = (instance as Record<string | symbol, (...args: unknown[]) => unknown>)[declaration.method];
        const handler: RegisteredEventHandler = declaration.batch
          ? {
              consumer,
              contract: declaration.contract,
              handle: async (event, tx) => {
                await method.call(instance, [event], tx);
              },
              handleBatch: async (events, tx) => {
                await method.call(instance, events, tx);
              },
              maxEventsPerBatch: declaration.maxEventsPerBatch ?? MAX_EVENTS_PER_BATCH,
            }
          : {
              consumer,
              contract: declaration.contract,
              handle: async (event, tx) => {
                await method.call(instance, event, tx);
              },
            };
        const topic = declaration.contract.topic;
        this.byTopic.set(topic, [...(this.byTopic.get(topic) ?? []), handler]);
      }
    }
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  handlers(): RegisteredEventHandler[] {
    return [...this.byTopic.values()].flat();
  }

  /** True when some handler takes batches: the transport then consumes with kafkajs's eachBatch. */
  hasBatchHandlers(): boolean {
    return this.handlers().some((handler) => handler.handleBatch !== undefined);
  }

  /** True when a handler of the topic takes batches (the transport hands it whole fetches). */
  takesBatches(topic: string): boolean {
    return (this.byTopic.get(topic) ?? []).some((handler) => handler.handleBatch !== undefined);
  }

  /**
   * How many records of a fetch go to the topic's handlers together: the smallest a batch handler
   * of the topic asks for (every handler of the topic gets the same slice).
   */
  sliceSizeOf(topic: string): number {
    const sizes = (this.byTopic.get(topic) ?? []).flatMap((handler) => (handler.maxEventsPerBatch ? [handler.maxEventsPerBatch] : []));
    return sizes.length > 0 ? Math.min(...sizes) : MAX_EVENTS_PER_BATCH;
  }

  /** The largest batch any handler asks for: the consumer's fetches are sized to fill it. */
  largestBatch(): number {
    return Math.max(MAX_EVENTS_PER_BATCH, ...this.handlers().map((handler) => handler.maxEventsPerBatch ?? 0));
  }

  /**
   * Runs every handler of the topic over records of one partition, in offset order, each under its
   * own consumer name: a batch handler once for all of them, a per-event one record by record.
   * `heartbeat` is called between records applied one at a time, so a long slice (thousands, #97)
   * does not outlast the consumer's session.
   */
  async dispatchBatch(messages: readonly InboundMessage[], heartbeat?: () => Promise<void>): Promise<void> {
    if (messages.length === 0) return;
    for (const handler of this.byTopic.get(messages[0].topic) ?? []) {
      if (handler.handleBatch) {
        await this.inbox.processBatch(handler.consumer, messages, handler.contract, handler.handleBatch, heartbeat);
      } else {
        for (const message of messages) {
          await this.inbox.process(handler.consumer, message, handler.contract, handler.handle);
          await heartbeat?.();
        }
      }
    }
  }

  /**
   * Records of several topics handed over together (docs/decisions.md #119), each topic's in offset
   * order: when every handler of those topics takes batches, all of them in one inbox transaction;
   * otherwise topic by topic, as `dispatchBatch`.
   */
  async dispatchTogether(messages: readonly InboundMessage[], heartbeat?: () => Promise<void>): Promise<void> {
    const byTopic = new Map<string, InboundMessage[]>();
    for (const message of messages) {
      const records = byTopic.get(message.topic);
      if (records) records.push(message);
      else byTopic.set(message.topic, [message]);
    }
    const handlersOf = (topic: string) => this.byTopic.get(topic) ?? [];
    if (byTopic.size > 1 && [...byTopic.keys()].every((topic) => handlersOf(topic).every((handler) => handler.handleBatch))) {
      await this.inbox.processBatches(
        [...byTopic].flatMap(([topic, records]) =>
          handlersOf(topic).map((handler) => ({
            consumer: handler.consumer,
            messages: records,
            contract: handler.contract,
            handle: handler.handleBatch as EventBatchHandler<unknown>,
          })),
        ),
        heartbeat,
      );
      return;
    }
    for (const records of byTopic.values()) await this.dispatchBatch(records, heartbeat);
  }

  /** Runs every handler of the record's topic, each through the inbox under its own consumer name. */
  async dispatch(message: InboundMessage): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = [];
    for (const handler of this.byTopic.get(message.topic) ?? []) {
      outcomes.push(await this.inbox.process(handler.consumer, message, handler.contract, handler.handle));
    }
    return outcomes;
  }
}
