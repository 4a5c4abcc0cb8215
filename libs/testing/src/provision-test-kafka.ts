import { provisionKafka } from '@mcp/messaging';
import { serviceCatalogue } from '@mcp/service-runtime';
import { testKafkaPort } from './integration-env';
import { testKafkaClient } from './test-kafka';

/** The admin step `npm run up` runs too: every topic, and every principal's ACLs from the contracts. */
export async function provisionTestKafka(kafkaPort = testKafkaPort): Promise<void> {
  const result = await provisionKafka(testKafkaClient('mcp-tests-provisioning', 'admin', kafkaPort), {
    services: serviceCatalogue.map((service) => service.name),
    partitions: 3,
  });
  if (result.createdAcls + result.deletedAcls + result.createdTopics.length > 0) {
    console.log(`test broker ${kafkaPort} provisioned: ${result.createdTopics.length} topics, +${result.createdAcls}/-${result.deletedAcls} ACLs`);
  }
}
