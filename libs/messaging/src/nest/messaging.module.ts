import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Tracer } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EventHandlerRegistry, MESSAGING_SERVICE_NAME } from '../handlers/event-handler-registry';
import { MessagingPruner } from '../housekeeping/messaging-pruner';
import { DeadLetterPublisher } from '../inbox/dead-letter-publisher';
import { EventInbox } from '../inbox/event-inbox';
import { PartitionBackoff } from '../inbox/partition-backoff';
import { createKafkaClient, type KafkaSettings } from '../kafka/kafka-settings';
import { isKafkaReachable, MissingTopicsError, requireTopics } from '../kafka/topic-admin';
import { KafkaReadiness } from '../kafka/kafka-readiness';
import { topicsUsedBy } from '../access/kafka-access';
import { TopicOffsets } from '../kafka/topic-offsets';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';

export interface MessagingModuleOptions {
  /** The service's name: its Postgres schema (outbox, inbox), consumer group and event source. */
  service: string;
  kafka: KafkaSettings;
  /**
   * `server` runs everything; `cli` (a command's standalone context) only writes to the outbox:
   * no topics are created, no relay runs, so a command works while Kafka is away and the
   * service's own relay publishes what it wrote.
   */
  role?: 'server' | 'cli';
  relayBatchSize?: number;
  relayIdlePollMs?: number;
  /** How long the relay waits after a batch before reading the next (OutboxRelayOptions.lingerMs); none when omitted. */
  relayLingerMs?: number;
  consumerMaxAttempts?: number;
  consumerRetryBackoffMs?: number;
  /** A partition's first wait after a transient failure (database or network away); 1 s when omitted. */
  consumerTransientBackoffMs?: number;
  /** The longest such wait: the doubling stops here; 5 min when omitted. */
  consumerTransientMaxBackoffMs?: number;
  /** How long an event may wait for reference data it names; 15 min when omitted. */
  consumerReferenceDataWaitMs?: number;
  /** Test-only, see EventInboxOptions.classifyFailures. */
  classifyFailures?: boolean;
  /** Test-only, see EventInboxOptions.deduplicate. */
  deduplicate?: boolean;
  outboxRetentionHours?: number;
  inboxRetentionHours?: number;
  pruneIntervalMinutes?: number;
  /** Where the lib's series go (the application's registry, served at /metrics); a private one when omitted. */
  metricsRegistry?: Registry;
  /** The application's tracer (its `service.name`) for the outbox's and the inbox's spans; the API's global one when omitted. */
  tracer?: Tracer;
}

export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');


@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly relay: OutboxRelay,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly pruner: MessagingPruner,
    private readonly metrics: MessagingMetrics,
    private readonly handlers: EventHandlerRegistry,
    private readonly dataSource: DataSource,
    private readonly readiness: KafkaReadiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.role === 'cli') return;
    const { clientId, sasl } = this.options.kafka;
    const service = this.options.service;
    const undeclared = this.handlers.topics().filter((topic) => !topicsUsedBy(service).includes(topic));
    if (undeclared.length > 0) {
      // The broker would refuse the subscription; say why instead of a bare authorisation error.
      throw new Error(`${service} handles ${undeclared.join(', ')} but is not among the consumers of its contract (libs/contracts: channel.consumers), so its principal may not read it`);
    }
    await this.requireTopicsIfReachable(topicsUsedBy(service), sasl?.username ?? clientId);
    await this.relay.start();
    this.pruner.start();
    this.metrics.declareConsumers(this.handlers.handlers().map(({ consumer, contract }) => ({ consumer, topic: contract.topic })));
    this.metrics.watchOutbox(this.dataSource, this.options.service);
    // The transport's consumer group is the client id (kafka-transport.ts).
    this.metrics.watchConsumerLag(this.kafka, clientId, this.handlers.topics());
    this.metrics.watchKafkaReachability(() => this.readiness.isReachable());
  }

  /**
   * Missing topics stop the start (provisioning has not run: nothing would ever work), but a broker
   * that does not answer does not (#72): HTTP serves, writes wait in the outbox, and the consumer
   * finds the topics when it joins (it retries until it can subscribe).
   */
  private async requireTopicsIfReachable(topics: string[], principal: string): Promise<void> {
    try {
      if (await isKafkaReachable(this.kafka)) {
        await requireTopics(this.kafka, topics, principal);
        return;
      }
    } catch (error) {
      if (error instanceof MissingTopicsError) throw error;
    }
    this.logger.warn(`Kafka does not answer at ${this.options.kafka.brokers.join(',')}: starting degraded (events wait in the outbox, consumers join when it returns)`);
  }

  // Before the database closes (TypeORM closes it on shutdown), so a last batch can still commit.
  async beforeApplicationShutdown(): Promise<void> {
    if (this.options.role === 'cli') return;
    await this.pruner.stop();
    await this.relay.stop();
    await this.deadLetters.stop();
    await this.metrics.stop();
    await this.readiness.stop();
  }
}

/**
 * Kafka delivery for one service: the outbox writer its use cases call, the relay, the inbox around
 * every `@HandleEvent` method, dead-lettering, pruning of old outbox and inbox rows.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const schema = options.service;
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: MESSAGING_SERVICE_NAME, useValue: options.service },
        { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient(options.kafka) },
        { provide: MessagingMetrics, useFactory: () => new MessagingMetrics(options.metricsRegistry ?? new Registry()) },
        {
          provide: OutboxWriter,
          inject: [DataSource, OutboxRelay],
          // A CLI's relay never runs, so its writer always notifies the service's publisher.
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => new OutboxWriter(schema, `/mcp/${options.service}`, options.tracer, { relay, dataSource }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, KAFKA_CLIENT],
          useFactory: (dataSource: DataSource, kafka: Kafka) =>
            new OutboxRelay(dataSource, kafka, {
              schema,
              batchSize: options.relayBatchSize ?? 500,
              // Commits wake the publisher (in process, or by NOTIFY from another, #130) and a standby tries the lock once a second
              // (#124), so the poll only covers a connection that broke without telling: rare
              // enough to wait 30 s for, and six idle relays no longer query 3 times a second (#86).
              idlePollMs: options.relayIdlePollMs ?? 30_000,
              lingerMs: options.relayLingerMs,
            }),
        },
        {
          provide: DeadLetterPublisher,
          inject: [KAFKA_CLIENT, MessagingMetrics],
          useFactory: (kafka: Kafka, metrics: MessagingMetrics) => new DeadLetterPublisher(kafka, options.kafka.clientId, metrics),
        },
        {
          provide: EventInbox,
          inject: [DataSource, DeadLetterPublisher, MessagingMetrics],
          useFactory: (dataSource: DataSource, deadLetters: DeadLetterPublisher, metrics: MessagingMetrics) =>
            new EventInbox(
              dataSource,
              deadLetters,
              {
                schema,
                maxAttempts: options.consumerMaxAttempts ?? 5,
                retryBackoffMs: options.consumerRetryBackoffMs ?? 200,
                referenceDataWaitMs: options.consumerReferenceDataWaitMs,
                classifyFailures: options.classifyFailures,
                deduplicate: options.deduplicate,
              },
              metrics,
              options.tracer,
            ),
        },
        {
          provide: MessagingPruner,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new MessagingPruner(
              dataSource,
              {
                schema,
                outboxRetentionHours: options.outboxRetentionHours ?? 7 * 24,
                inboxRetentionHours: options.inboxRetentionHours ?? 30 * 24,
              },
              options.pruneIntervalMinutes ?? 60,
            ),
        },
        {
          provide: PartitionBackoff,
          useFactory: () =>
            new PartitionBackoff({
              initialMs: options.consumerTransientBackoffMs ?? 1000,
              maxMs: options.consumerTransientMaxBackoffMs ?? 5 * 60_000,
            }),
        },
        { provide: TopicOffsets, inject: [KAFKA_CLIENT], useFactory: (kafka: Kafka) => new TopicOffsets(kafka) },
        EventHandlerRegistry,
        { provide: KafkaReadiness, inject: [KAFKA_CLIENT], useFactory: (kafka: Kafka) => new KafkaReadiness(kafka) },
        MessagingLifecycle,
      ],
      exports: [KAFKA_CLIENT, PartitionBackoff, OutboxWriter, OutboxRelay, KafkaReadiness, EventHandlerRegistry, TopicOffsets],
    };
  }
}
