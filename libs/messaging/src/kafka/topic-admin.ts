import { topicConfigOf, type TopicSpec } from '@mcp/contracts';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';

/**
 * Topics are created explicitly (the broker has auto-creation off) so that their partition count,
 * replication and settings come from configuration and the topic catalogue (`topicConfigOf`,
 * docs/decisions.md #75), not from whichever client touched them first.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: TopicSpec[],
  partitions: number,
  replicationFactor = 1,
  minInsyncReplicas = 1,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: partitions,
          replicationFactor,
          configEntries: Object.entries(topicConfigOf(spec, minInsyncReplicas)).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    return missing.map((spec) => spec.name);
  } finally {
    await admin.disconnect();
  }
}

/** Topics a service needs are missing: a deployment mistake (provisioning not run), not an outage. */
export class MissingTopicsError extends Error {}

/**
 * A service starts only when every topic it uses exists and its principal may see it: topics are
 * created by the provisioning step (`provisionKafka`, as admin), not by services (no CREATE right).
 */
export async function requireTopics(kafka: Kafka, topics: readonly string[], principal = 'this client'): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const visible = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !visible.has(topic));
    if (missing.length > 0) {
      throw new MissingTopicsError(
        `Kafka topics missing or not visible to ${principal}: ${missing.join(', ')}. ` +
          'Topics and ACLs are made by the provisioning step (deploy/local/kafka/README.md), which has not run against this broker.',
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** One topic whose settings on the broker differ from the catalogue's. */
export interface TopicConfigDrift {
  topic: string;
  /** name → [on the broker, wanted] */
  differences: Record<string, [string | undefined, string]>;
}

/**
 * The settings a topic should hold: the catalogue's, except that `min.insync.replicas` is never
 * lowered. Provisioning with the default of 1 (KAFKA_MIN_INSYNC_REPLICAS unset) against a cluster
 * whose topics hold 2 would otherwise let one replica acknowledge a write alone, silently.
 */
export function wantedTopicConfig(spec: TopicSpec, minInsyncReplicas: number, held: Record<string, string> | undefined): Record<string, string> {
  const wanted = topicConfigOf(spec, minInsyncReplicas);
  const heldMinIsr = Number(held?.['min.insync.replicas']);
  if (Number.isInteger(heldMinIsr) && heldMinIsr > minInsyncReplicas) wanted['min.insync.replicas'] = String(heldMinIsr);
  return wanted;
}

/** The settings of `specs` that the broker holds differently (pure: the caller reads the broker). */
export function topicConfigDrift(
  specs: TopicSpec[],
  present: Map<string, Record<string, string>>,
  minInsyncReplicas: number,
): TopicConfigDrift[] {
  return specs.flatMap((spec) => {
    const held = present.get(spec.name);
    if (!held) return [];
    const differences = Object.fromEntries(
      Object.entries(wantedTopicConfig(spec, minInsyncReplicas, held))
        .filter(([name, wanted]) => held[name] !== wanted)
        .map(([name, wanted]): [string, [string | undefined, string]] => [name, [held[name], wanted]]),
    );
    return Object.keys(differences).length > 0 ? [{ topic: spec.name, differences }] : [];
  });
}

/**
 * Sets the catalogue's settings on existing topics that drifted (created before a change of
 * retention, by hand, or by an older version). `alterConfigs` replaces a topic's dynamic settings
 * as a whole, which is what we want: these topics' settings are the catalogue's, nobody else's
 * (an operator's own override of another setting goes with it: put it in the catalogue). A higher
 * `min.insync.replicas` is kept (`wantedTopicConfig`). Partitions and replication are not settings
 * and are never changed here.
 */
export async function reconcileTopicConfigs(kafka: Kafka, specs: TopicSpec[], minInsyncReplicas: number): Promise<TopicConfigDrift[]> {
  const names = Object.keys(topicConfigOf(specs[0] ?? { name: '', compacted: false, retentionMs: -1 }, minInsyncReplicas));
  const present = await describeTopicConfigs(kafka, specs.map((spec) => spec.name), names);
  const drift = topicConfigDrift(specs, present, minInsyncReplicas);
  if (drift.length === 0) return drift;
  const bySpec = new Map(specs.map((spec) => [spec.name, spec]));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: drift.map(({ topic }) => ({
        type: ConfigResourceTypes.TOPIC,
        name: topic,
        configEntries: Object.entries(wantedTopicConfig(bySpec.get(topic) as TopicSpec, minInsyncReplicas, present.get(topic))).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
  }
  return drift;
}

/** Readiness: the broker answers a metadata request within the timeout. */
export async function isKafkaReachable(kafka: Kafka, timeoutMs = 2000): Promise<boolean> {
  const admin = kafka.admin();
  try {
    return await answersWithin(
      (async () => {
        await admin.connect();
        await admin.describeCluster();
        return true;
      })(),
      timeoutMs,
    );
  } finally {
    admin.disconnect().catch(() => undefined);
  }
}

/** What `attempt` answers, or false when it fails or has not answered within `timeoutMs`. */
export async function answersWithin(attempt: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([attempt, timeout]);
  } catch {
    return false;
  } finally {
    // Cleared, or every probe would keep a stopping process alive for the rest of the timeout.
    clearTimeout(timer);
  }
}

const TOPIC_DELETION_WAIT_MS = 90_000;

/**
 * Deletes and recreates the given topics, so a test starts from empty streams. Deletion is
 * asynchronous in Kafka, hence the wait until the names are really gone.
 */
export async function recreateTopics(kafka: Kafka, specs: TopicSpec[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const names = new Set(specs.map((spec) => spec.name));
    const present = (await admin.listTopics()).filter((name) => names.has(name));
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout: 10_000 });
    // 30 s was not always enough on a loaded two-core machine with a broker per Jest worker.
    const deadline = Date.now() + TOPIC_DELETION_WAIT_MS;
    while ((await admin.listTopics()).some((name) => names.has(name))) {
      if (Date.now() > deadline) throw new Error(`Kafka did not finish deleting topics within ${TOPIC_DELETION_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensureTopics(kafka, specs, partitions);
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The named configuration entries of each topic, as the broker holds them (retention, cleanup). */
export async function describeTopicConfigs(
  kafka: Kafka,
  topics: string[],
  configNames: string[],
): Promise<Map<string, Record<string, string>>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames })),
    });
    return new Map(
      resources.map((resource) => [
        resource.resourceName,
        Object.fromEntries(resource.configEntries.map((entry) => [entry.configName, entry.configValue])),
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}
