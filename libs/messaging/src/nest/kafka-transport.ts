import type { INestApplication } from '@nestjs/common';
import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { EventHandlerRegistry } from '../handlers/event-handler-registry';
import type { InboundMessage } from '../inbox/inbound-message';
import { logLevel, Partitioners } from 'kafkajs';
import { kafkaConnectionOf, kafkaLogCreator, type KafkaSettings } from '../kafka/kafka-settings';

/** NestJS's Kafka transport, configured for our delivery rules (services never see it). */
function kafkaTransportOptions(settings: KafkaSettings): NonNullable<KafkaOptions['options']> {
  return {
    postfixId: '',
    client: {
      clientId: `${settings.clientId}-consumer`,
      ...kafkaConnectionOf(settings),
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
  for (const topic of topics) {
    server.addHandler(topic, (_data: unknown, context: KafkaContext) => registry.dispatch(inboundFrom(context)), true);
  }
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
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
