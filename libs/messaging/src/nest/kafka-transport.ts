import type { EventContract } from '@mcp/contracts';
import { Ctx, EventPattern, KafkaContext, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { InboundMessage } from '../inbox/inbound-message';
import type { KafkaSettings } from '../kafka/kafka-settings';

/** NestJS's Kafka transport, configured for our delivery rules (services never import it directly). */
export function kafkaTransportOptions(settings: KafkaSettings): MicroserviceOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: { clientId: `${settings.clientId}-consumer`, brokers: settings.brokers, connectionTimeout: 3000 },
      consumer: { groupId: settings.clientId, allowAutoTopicCreation: false },
      // A service that starts for the first time must still see events produced before it existed.
      subscribe: { fromBeginning: true },
      // Keep the value as bytes: the inbox decodes the CloudEvent itself and validates it.
      parser: { keepBinary: true },
      run: { partitionsConsumedConcurrently: 3 },
    },
  } as MicroserviceOptions;
}

/** Marks a controller method as the handler of one event contract's topic. */
export function OnEvent(contract: EventContract<unknown>) {
  return EventPattern<string>(contract.topic);
}

/** Injects the delivery context of the event being handled. */
export const EventDelivery = (): ParameterDecorator => Ctx();
export type EventDeliveryContext = KafkaContext;

export function inboundFrom(context: KafkaContext): InboundMessage {
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
