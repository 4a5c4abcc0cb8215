import { allTopicSpecs } from '@mcp/contracts';
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { DeadLetterPublisher } from '../inbox/dead-letter-publisher';
import { EventInbox, type EventHandler, type InboxOutcome } from '../inbox/event-inbox';
import { createKafkaClient, type KafkaSettings } from '../kafka/kafka-settings';
import { ensureTopics, isKafkaReachable } from '../kafka/topic-admin';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import type { EventContract } from '@mcp/contracts';
import { inboundFrom, type EventDeliveryContext } from './kafka-transport';

export interface MessagingModuleOptions {
  /** The service's own Postgres schema, which holds its outbox and inbox. */
  schema: string;
  /** CloudEvents `source` of everything this service emits, e.g. `/mcp/submissions`. */
  source: string;
  kafka: KafkaSettings;
  relayBatchSize?: number;
  relayIdlePollMs?: number;
  consumerMaxAttempts?: number;
  consumerRetryBackoffMs?: number;
}

export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** What a service's Kafka event handlers call: decode, validate, dedupe, apply, dead-letter. */
@Injectable()
export class EventConsumer {
  constructor(private readonly inbox: EventInbox) {}

  consume<TData>(
    consumer: string,
    context: EventDeliveryContext,
    contract: EventContract<TData>,
    handle: EventHandler<TData>,
  ): Promise<InboxOutcome> {
    return this.inbox.process(consumer, inboundFrom(context), contract, handle);
  }
}

@Injectable()
export class KafkaReadiness {
  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  isReachable(): Promise<boolean> {
    return isKafkaReachable(this.kafka);
  }
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly relay: OutboxRelay,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { partitions, replicationFactor } = this.options.kafka;
    await ensureTopics(this.kafka, allTopicSpecs(), partitions, replicationFactor);
    await this.deadLetters.start();
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.deadLetters.stop();
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient(options.kafka) },
        { provide: OutboxWriter, useFactory: () => new OutboxWriter(options.schema, options.source) },
        {
          provide: OutboxRelay,
          inject: [DataSource, KAFKA_CLIENT],
          useFactory: (dataSource: DataSource, kafka: Kafka) =>
            new OutboxRelay(dataSource, kafka, {
              schema: options.schema,
              batchSize: options.relayBatchSize ?? 500,
              idlePollMs: options.relayIdlePollMs ?? 100,
            }),
        },
        {
          provide: DeadLetterPublisher,
          inject: [KAFKA_CLIENT],
          useFactory: (kafka: Kafka) => new DeadLetterPublisher(kafka, options.kafka.clientId),
        },
        {
          provide: EventInbox,
          inject: [DataSource, DeadLetterPublisher],
          useFactory: (dataSource: DataSource, deadLetters: DeadLetterPublisher) =>
            new EventInbox(dataSource, deadLetters, {
              schema: options.schema,
              maxAttempts: options.consumerMaxAttempts ?? 5,
              retryBackoffMs: options.consumerRetryBackoffMs ?? 200,
            }),
        },
        EventConsumer,
        KafkaReadiness,
        MessagingLifecycle,
      ],
      exports: [KAFKA_CLIENT, OutboxWriter, OutboxRelay, EventConsumer, KafkaReadiness],
    };
  }
}
