import { Logger, type INestApplication } from '@nestjs/common';
import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { EventHandlerRegistry } from '../handlers/event-handler-registry';
import { EventMustWaitError } from '../inbox/event-inbox';
import type { InboundMessage } from '../inbox/inbound-message';
import { PartitionBackoff } from '../inbox/partition-backoff';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { logLevel, Partitioners } from 'kafkajs';
import { kafkaLogCreator, type KafkaSettings } from '../kafka/kafka-settings';

const transportLogger = new Logger('EventConsumers');

/** NestJS's Kafka transport, configured for our delivery rules (services never see it). */
function kafkaTransportOptions(settings: KafkaSettings): NonNullable<KafkaOptions['options']> {
  return {
    postfixId: '',
    client: {
      clientId: `${settings.clientId}-consumer`,
      brokers: settings.brokers,
      connectionTimeout: 3000,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
    },
    // Only used for request/reply, which MCP does not do; named so kafkajs does not warn about it.
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
    consumer: { groupId: settings.clientId, allowAutoTopicCreation: false },
    // A service that starts for the first time must still see events produced before it existed.
    subscribe: { fromBeginning: true },
    // Keep the value as bytes: the inbox decodes the CloudEvent itself and validates it.
    parser: { keepBinary: true },
    run: { partitionsConsumedConcurrently: 3 },
  };
}

/**
 * Subscribes the service's consumer group to the topics of its `@HandleEvent` methods and starts
 * consuming. A service (or a CLI context) without handlers starts no consumer at all.
 */
export async function startEventConsumers(app: INestApplication, settings: KafkaSettings): Promise<void> {
  const registry = app.get(EventHandlerRegistry);
  const topics = registry.topics();
  if (topics.length === 0) return;
  const server = new ServerKafka(kafkaTransportOptions(settings));
  const backoff = app.get(PartitionBackoff);
  const metrics = app.get(MessagingMetrics);
  for (const topic of topics) {
    server.addHandler(topic, (_data: unknown, context: KafkaContext) => dispatchOrWait(registry, backoff, metrics, context), true);
  }
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
}

/**
 * A transient failure (the inbox's EventMustWaitError) pauses the record's partition, resumes it
 * after the partition's backoff, and rethrows so kafkajs does not mark the record consumed: it is
 * fetched again after the resume (kafkajs's documented pause-on-error pattern). Other partitions
 * keep flowing meanwhile, including the one that brings the reference data an event waits for.
 */
async function dispatchOrWait(
  registry: EventHandlerRegistry,
  backoff: PartitionBackoff,
  metrics: MessagingMetrics,
  context: KafkaContext,
): Promise<unknown> {
  const topic = context.getTopic();
  const partition = context.getPartition();
  try {
    const outcomes = await registry.dispatch(inboundFrom(context));
    backoff.succeeded(topic, partition);
    return outcomes;
  } catch (error) {
    if (!(error instanceof EventMustWaitError)) throw error;
    const consumer = context.getConsumer();
    const waitMs = backoff.nextDelay(topic, partition);
    transportLogger.warn(
      `${error.message}; pausing ${topic}/${partition} at offset ${context.getMessage().offset} for ${waitMs} ms ` +
        `(transient failure ${backoff.failuresOf(topic, partition)} in a row)`,
    );
    consumer.pause([{ topic, partitions: [partition] }]);
    metrics.partitionPauses.inc({ topic });
    // unref: a resume still pending at shutdown must not keep the process alive.
    setTimeout(() => resumeQuietly(consumer, topic, partition), waitMs).unref();
    throw error;
  }
}

/**
 * kafkajs restarts a consumer whose handler kept throwing (its retries exhausted), which forgets
 * every pause; a resume that lands during the restart finds no group and throws. Either way the
 * partition is no longer paused, so there is nothing to do.
 */
function resumeQuietly(consumer: ReturnType<KafkaContext['getConsumer']>, topic: string, partition: number): void {
  try {
    consumer.resume([{ topic, partitions: [partition] }]);
  } catch (error) {
    transportLogger.debug(`resume of ${topic}/${partition} skipped: ${(error as Error).message}`);
  }
}

function inboundFrom(context: KafkaContext): InboundMessage {
  const message = context.getMessage();
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: message.offset,
    key: message.key,
    headers: (message.headers ?? {}) as Record<string, unknown>,
    value: message.value,
  };
}
