import { allContracts, deadLetterTopicOf, type EventContract } from '@mcp/contracts';

/**
 * Who may do what on the broker, derived from the contracts (each one's `producer` and
 * `consumers`) so that the ACLs cannot drift from the code: a service writes only the topics it
 * owns, reads only what it consumes, parks dead letters only next to those, and uses only its own
 * consumer groups. `admin` is a super user on the broker and has no rules here (docs/decisions.md #57).
 */
export type KafkaOperation = 'read' | 'write' | 'describe' | 'delete';

export interface KafkaAccessRule {
  /** The SASL user name, without `User:`. */
  principal: string;
  resource: 'topic' | 'group';
  /** `prefixed` matches every name starting with `name`. */
  pattern: 'literal' | 'prefixed';
  name: string;
  operations: readonly KafkaOperation[];
}

/** The partner-style downstream reader (consumers/analytics-lake): reads every non-confidential topic. */
export const DOWNSTREAM_READER = 'analytics-lake';

/** A service's consumer group is its client id (`mcp-<service>`, kafka-settings.ts). */
export function consumerGroupOf(service: string): string {
  return `mcp-${service}`;
}

/** The topics a service touches at all: what it must find existing when it starts. */
export function topicsUsedBy(service: string, contracts: readonly EventContract<unknown>[] = allContracts()): string[] {
  return [
    ...new Set(
      kafkaAccessRules([service], contracts)
        .filter((rule) => rule.principal === service && rule.resource === 'topic' && rule.pattern === 'literal')
        .map((rule) => rule.name),
    ),
  ].sort();
}

export function kafkaAccessRules(services: readonly string[], contracts: readonly EventContract<unknown>[] = allContracts()): KafkaAccessRule[] {
  const rules: KafkaAccessRule[] = [];
  const topic = (principal: string, name: string, operations: KafkaOperation[]) =>
    rules.push({
      principal,
      resource: 'topic',
      pattern: 'literal',
      name,
      operations,
    });
  for (const service of services) {
    for (const { topic: name, channel } of contracts) {
      if (channel.producer === service) topic(service, name, ['write', 'describe']);
      if (channel.consumers.includes(service)) {
        topic(service, name, ['read', 'describe']);
        // The dead-letter publisher parks what this service's consumers cannot process.
        topic(service, deadLetterTopicOf(name), ['write', 'describe']);
      }
    }
    // Its durable group, and the throwaway groups of the live feed and read-model rebuilds
    // (`mcp-<service>-follow-<uuid>`, `mcp-<service>-rebuild-<uuid>`), which it deletes after use.
    const group = consumerGroupOf(service);
    rules.push({
      principal: service,
      resource: 'group',
      pattern: 'literal',
      name: group,
      operations: ['read', 'describe'],
    });
    rules.push({
      principal: service,
      resource: 'group',
      pattern: 'prefixed',
      name: `${group}-`,
      operations: ['read', 'describe', 'delete'],
    });
  }
  // The admins' dead-letter notice (notification) watches how far every `.dlq` has grown.
  if (services.includes('notification')) {
    for (const { topic: name } of contracts) topic('notification', deadLetterTopicOf(name), ['describe']);
  }
  for (const { topic: name, channel } of contracts) {
    if (!channel.confidential) topic(DOWNSTREAM_READER, name, ['read', 'describe']);
  }
  rules.push({
    principal: DOWNSTREAM_READER,
    resource: 'group',
    pattern: 'prefixed',
    name: `${DOWNSTREAM_READER}-`,
    operations: ['read', 'describe', 'delete'],
  });
  return mergeRules(rules);
}

/** One rule per principal and resource, with the union of its operations (stable order). */
function mergeRules(rules: KafkaAccessRule[]): KafkaAccessRule[] {
  const order: KafkaOperation[] = ['read', 'write', 'describe', 'delete'];
  const merged = new Map<string, KafkaAccessRule>();
  for (const rule of rules) {
    const key = `${rule.principal}|${rule.resource}|${rule.pattern}|${rule.name}`;
    const known = merged.get(key);
    const operations = new Set([...(known?.operations ?? []), ...rule.operations]);
    merged.set(key, {
      ...rule,
      operations: order.filter((operation) => operations.has(operation)),
    });
  }
  return [...merged.values()];
}

/** Every principal the broker knows besides `admin`: one per service and the downstream reader. */
export function kafkaPrincipals(services: readonly string[]): string[] {
  return [...services, DOWNSTREAM_READER];
}
