import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { clusterKafkaSettings, KAFKA_TOPICS_FILE, kafkaTopicsYaml } from '../../scripts/generate-kafka-topics';
import { loadConfig } from '../config/load-config';
import { ServiceConfig } from '../config/service-config';

const root = join(__dirname, '..', '..', '..', '..');

describe('Kafka topics in the deployments (docs/decisions.md #75)', () => {
  it('deploy/k8s/kafka-topics.strimzi.example.yaml is what the topic catalogue and config.yaml give (regenerate: see its first line)', () => {
    expect(readFileSync(KAFKA_TOPICS_FILE, 'utf8')).toBe(kafkaTopicsYaml());
  });

  it('replicates three times and acknowledges a write only once two replicas have it, in the cluster', () => {
    expect(clusterKafkaSettings()).toMatchObject({ replicas: 3, minInsyncReplicas: 2 });
  });

  it('provisions the single broker of docker-compose with one replica and one in sync, said explicitly', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment: Record<string, string> }>;
    };
    const provision = compose.services['kafka-provision'].environment;
    expect([provision['KAFKA_REPLICATION_FACTOR'], provision['KAFKA_MIN_INSYNC_REPLICAS']]).toEqual(['1', '1']);
  });

  it('refuses more in-sync replicas than replicas at start-up, naming the variable', () => {
    expect(() => loadConfig(ServiceConfig, { PORT: '0', KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow(
      /KAFKA_MIN_INSYNC_REPLICAS/,
    );
    expect(loadConfig(ServiceConfig, { PORT: '0', KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toMatchObject({
      KAFKA_REPLICATION_FACTOR: 3,
      KAFKA_MIN_INSYNC_REPLICAS: 2,
    });
  });
});
