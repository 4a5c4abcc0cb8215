import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EventContract } from '@mcp/contracts';
import { EventInbox, type EventHandler, type InboxOutcome } from '../inbox/event-inbox';
import type { InboundMessage } from '../inbox/inbound-message';
import { eventHandlersDeclaredOn } from './handle-event';

export const MESSAGING_SERVICE_NAME = Symbol('MESSAGING_SERVICE_NAME');

export interface RegisteredEventHandler {
  /** The full consumer name, `<service>.<subject>`. */
  consumer: string;
  contract: EventContract<unknown>;
  handle: EventHandler<unknown>;
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
        const method = (instance as Record<string | symbol, EventHandler<unknown>>)[declaration.method];
        const handler: RegisteredEventHandler = {
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

  /** Runs every handler of the record's topic, each through the inbox under its own consumer name. */
  async dispatch(message: InboundMessage): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = [];
    for (const handler of this.byTopic.get(message.topic) ?? []) {
      outcomes.push(await this.inbox.process(handler.consumer, message, handler.contract, handler.handle));
    }
    return outcomes;
  }
}
