import { AuditHead, type AuditHeadV1 } from '@mcp/contracts';
import { replayTopics, type KafkaSaslSettings } from '@mcp/messaging';
import type { PublishedHead } from './verify-audit-trail';

/**
 * The newest head reporting published of every lane (`mcp.audit.head.v1`), read from the topic's
 * start to its end without joining any consumer group, in lane order; empty when none was published
 * yet. Per lane the highest sequence wins, whatever order the records came in; a head published
 * before lanes names none and is lane 0's.
 */
export async function lastPublishedAuditHeads(brokers: string[], sasl?: KafkaSaslSettings, tls = false): Promise<PublishedHead[]> {
  const newest = new Map<number, PublishedHead>();
  await replayTopics({ brokers, clientId: 'mcp-audit-verify', partitions: 1, sasl, tls }, [AuditHead.topic], async (events) => {
    for (const { data } of events as { data: AuditHeadV1 }[]) {
      const lane = data.lane ?? 0;
      const known = newest.get(lane);
      if (!known || data.sequence > known.sequence) newest.set(lane, { lane, sequence: data.sequence, rowHash: data.headHash });
    }
  });
  return [...newest.values()].sort((a, b) => a.lane - b.lane);
}
