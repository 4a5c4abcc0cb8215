import type { TopicSpec } from '@mcp/contracts';
import type { Kafka } from 'kafkajs';

/**
 * Topics are created explicitly (the broker has auto-creation off) so that their partition count
 * and compaction come from configuration, not from whichever client touched them first.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], partitions: number): Promise<string[]> {
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
          replicationFactor: 1,
          configEntries: spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
        })),
      });
    }
    return missing.map((spec) => spec.name);
  } finally {
    await admin.disconnect();
  }
}

/** Readiness: the broker answers a metadata request within the timeout. */
export async function isKafkaReachable(kafka: Kafka, timeoutMs = 2000): Promise<boolean> {
  const admin = kafka.admin();
  const attempt = (async () => {
    await admin.connect();
    await admin.describeCluster();
    return true;
  })();
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs));
  try {
    return await Promise.race([attempt, timeout]);
  } catch {
    return false;
  } finally {
    admin.disconnect().catch(() => undefined);
  }
}
