import { allTopicSpecs, topicConfigOf } from '@mcp/contracts';

export interface StrimziTopicSettings {
  partitions: number;
  replicas: number;
  minInsyncReplicas: number;
  cluster?: string;
  namespace?: string;
}

/**
 * Every topic of the catalogue as a Strimzi `KafkaTopic`, with exactly the settings `provisionKafka`
 * gives it (`topicConfigOf`, docs/decisions.md #75). deploy/k8s/kafka-topics.strimzi.example.yaml is
 * this, written by libs/service-runtime/scripts/generate-kafka-topics.ts and checked by a spec.
 */
export function strimziKafkaTopics(settings: StrimziTopicSettings) {
  const { cluster = 'mcp-kafka', namespace = 'kafka' } = settings;
  return allTopicSpecs().map((spec) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: {
      // Resource names may not contain dots; the topic keeps its own name in spec.topicName.
      name: spec.name.replace(/\./g, '-'),
      namespace,
      labels: { 'strimzi.io/cluster': cluster },
    },
    spec: {
      topicName: spec.name,
      partitions: settings.partitions,
      replicas: settings.replicas,
      // Numbers as numbers, as a person would write them; the Topic Operator accepts either.
      config: Object.fromEntries(
        Object.entries(topicConfigOf(spec, settings.minInsyncReplicas)).map(([name, value]) => [name, /^-?\d+$/.test(value) ? Number(value) : value]),
      ),
    },
  }));
}
