import { allTopicSpecs, type EventContract, type McpEvent } from '@mcp/contracts';
import { createKafkaClient, recreateTopics } from '@mcp/messaging';
import { DirectEventPublisher, EventTap } from '@mcp/messaging/testing';
import { testKafkaPassword, testKafkaPort } from './integration-env';

/** A client of the test broker as `principal`: `admin` (super user) for the tests' own tools. */
export function testKafkaClient(clientId = 'mcp-tests', principal = 'admin', kafkaPort = testKafkaPort) {
  return createKafkaClient({ brokers: [`127.0.0.1:${kafkaPort}`], clientId, partitions: 3, sasl: testKafkaSasl(principal, kafkaPort) });
}

export function testKafkaSasl(principal: string, kafkaPort = testKafkaPort) {
  return { mechanism: 'scram-sha-512' as const, username: principal, password: testKafkaPassword(principal, kafkaPort) };
}

/** Empties every MCP topic so events of an earlier test file cannot leak into this one. */
export async function resetTopics(): Promise<void> {
  await recreateTopics(testKafkaClient(), allTopicSpecs(), 3);
}

export async function startEventTap(topics: string[]): Promise<EventTap> {
  const tap = new EventTap(testKafkaClient('mcp-tests-tap'));
  await tap.start(topics);
  return tap;
}

/** Plays another service: publishes events to the test broker as that service's relay would. */
export async function startEventPublisher(clientId = 'mcp-tests-publisher'): Promise<DirectEventPublisher> {
  const publisher = new DirectEventPublisher(testKafkaClient(clientId));
  await publisher.start();
  return publisher;
}

/** One-off publication: connects, publishes in order, disconnects. */
export async function publishEvents<TData>(contract: EventContract<TData>, ...events: McpEvent<TData>[]): Promise<void> {
  const publisher = await startEventPublisher();
  try {
    await publisher.publish(contract, ...events);
  } finally {
    await publisher.stop();
  }
}
