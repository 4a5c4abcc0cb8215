import { allTopicSpecs } from '@mcp/contracts';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Kafka } from 'kafkajs';
import { ensureTopics, reconcileTopicConfigs, type TopicConfigDrift } from '../kafka/topic-admin';
import { kafkaAccessRules, kafkaPrincipals, type KafkaAccessRule, type KafkaOperation } from './kafka-access';

export interface KafkaProvisioning {
  /** The catalogued services (each has its own principal). */
  services: readonly string[];
  partitions: number;
  replicationFactor?: number;
  /** `min.insync.replicas` of every topic: with acks=all, how many replicas must have a write (#75). */
  minInsyncReplicas?: number;
}

export interface KafkaProvisioningResult {
  createdTopics: string[];
  /** Existing topics whose settings differed from the catalogue's and were set again. */
  reconciledTopics: TopicConfigDrift[];
  createdAcls: number;
  deletedAcls: number;
}

const OPERATION: Record<KafkaOperation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
  delete: AclOperationTypes.DELETE,
};

/** The broker's ACL entries for the rules: one per principal, resource and operation. */
export function aclEntriesOf(rules: readonly KafkaAccessRule[]): AclEntry[] {
  return rules.flatMap((rule) =>
    rule.operations.map((operation) => ({
      resourceType: rule.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
      resourceName: rule.name,
      resourcePatternType: rule.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
      principal: `User:${rule.principal}`,
      host: '*',
      operation: OPERATION[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

const keyOf = (acl: AclEntry) =>
  [acl.principal, acl.resourceType, acl.resourcePatternType, acl.resourceName, acl.host, acl.operation, acl.permissionType].join('|');

/**
 * The admin step before any service starts (docs/decisions.md #57): creates every catalogued topic
 * and makes the ACLs of our principals exactly those derived from the contracts, adding what is
 * missing and removing what no contract grants any more. Idempotent; needs the `admin` principal.
 * Services themselves cannot create topics: they only find the ones they use (`requireTopics`).
 */
export async function provisionKafka(kafka: Kafka, provisioning: KafkaProvisioning): Promise<KafkaProvisioningResult> {
  const specs = allTopicSpecs();
  const minInsyncReplicas = provisioning.minInsyncReplicas ?? 1;
  const createdTopics = await ensureTopics(kafka, specs, provisioning.partitions, provisioning.replicationFactor, minInsyncReplicas);
  const reconciledTopics = await reconcileTopicConfigs(kafka, specs, minInsyncReplicas);
  const wanted = aclEntriesOf(kafkaAccessRules(provisioning.services));
  const ours = new Set(kafkaPrincipals(provisioning.services).map((name) => `User:${name}`));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const present: AclEntry[] = resources.flatMap(({ acls, ...resource }) => acls.map((acl) => ({ ...resource, ...acl })));
    const presentKeys = new Set(present.map(keyOf));
    const wantedKeys = new Set(wanted.map(keyOf));
    const missing = wanted.filter((acl) => !presentKeys.has(keyOf(acl)));
    const stale = present.filter((acl) => ours.has(acl.principal) && !wantedKeys.has(keyOf(acl)));
    if (missing.length > 0) await admin.createAcls({ acl: missing });
    if (stale.length > 0) await admin.deleteAcls({ filters: stale });
    return {
      createdTopics,
      reconciledTopics,
      createdAcls: missing.length,
      deletedAcls: stale.length,
    };
  } finally {
    await admin.disconnect();
  }
}
