import { allTopicSpecs } from '@mcp/contracts';
import { createKafkaClient, EventTap, recreateTopics } from '@mcp/messaging';
import { testKafkaBrokers } from './integration-env';

export function testKafkaClient(clientId = 'mcp-tests') {
  return createKafkaClient({ brokers: testKafkaBrokers, clientId, partitions: 3 });
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
