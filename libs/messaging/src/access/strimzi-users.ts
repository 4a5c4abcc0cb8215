import { kafkaAccessRules, kafkaPrincipals, type KafkaOperation } from './kafka-access';

const STRIMZI_OPERATION: Record<KafkaOperation, string> = {
  read: 'Read',
  write: 'Write',
  describe: 'Describe',
  delete: 'Delete',
};

/**
 * The principals and their ACLs as Strimzi `KafkaUser` resources (SCRAM-SHA-512, simple
 * authorisation): on a Strimzi cluster the User Operator applies the same rules `provisionKafka`
 * applies locally. deploy/k8s/kafka-users.strimzi.example.yaml is this, written by
 * libs/service-runtime/scripts/generate-kafka-users.ts and checked by a spec.
 */
export function strimziKafkaUsers(services: readonly string[], cluster = 'mcp-kafka', namespace = 'kafka') {
  const rules = kafkaAccessRules(services);
  return kafkaPrincipals(services).map((principal) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaUser',
    metadata: {
      name: principal,
      namespace,
      labels: { 'strimzi.io/cluster': cluster },
    },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: {
        type: 'simple',
        acls: rules
          .filter((rule) => rule.principal === principal)
          .map((rule) => ({
            resource: {
              type: rule.resource,
              name: rule.name,
              patternType: rule.pattern,
            },
            operations: rule.operations.map((operation) => STRIMZI_OPERATION[operation]),
            host: '*',
          })),
      },
    },
  }));
}
