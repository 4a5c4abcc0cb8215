import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createKafkaClient, provisionKafka } from '@mcp/messaging';
import { loadConfig } from '../config/load-config';
import { ServiceConfig } from '../config/service-config';
import { serviceCatalogue } from '../definition/service-catalogue';
import { kafkaSettingsOf } from '../service-platform.module';

/**
 * The Kafka admin step (docs/decisions.md #57): creates every topic and sets every principal's ACLs
 * from the contracts, before the services start. Run with the `admin` principal:
 *   KAFKA_BROKERS=… KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD=… npm run kafka:provision
 * (`npm run up` and the test setup do it themselves; in Kubernetes it is a Job from any MCP image.)
 */
const USAGE = `Pemakaian (usage): npm run kafka:provision
  Membuat setiap topik dan mengatur ACL setiap prinsipal dari kontrak (creates every topic and sets every principal's ACLs).
  Dari lingkungan (from the environment): KAFKA_BROKERS, KAFKA_SASL_USERNAME=admin, KAFKA_SASL_PASSWORD, KAFKA_PARTITIONS,
  KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // Only the shared Kafka variables matter here; PORT is required of a service, not of this step.
  const config = loadConfig(ServiceConfig, { PORT: '0', ...process.env });
  const kafka = createKafkaClient(kafkaSettingsOf(config, { name: 'provisioning' }));
  const result = await provisionKafka(kafka, {
    services: serviceCatalogue.map((service) => service.name),
    partitions: config.KAFKA_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
  });
  for (const { topic, differences } of result.reconciledTopics) {
    const changes = Object.entries(differences).map(([name, [was, now]]) => `${name} ${was ?? '(default)'} → ${now}`);
    console.log(`kafka topic ${topic}: ${changes.join(', ')}`);
  }
  console.log(
    `kafka provisioned: ${result.createdTopics.length} topic(s) created, ${result.reconciledTopics.length} topic(s) set to the catalogue's settings, ${result.createdAcls} ACL(s) added, ${result.deletedAcls} stale ACL(s) removed`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
