import { AuditHead, type AuditHeadV1 } from '@mcp/contracts';
import { replayTopics, type KafkaSaslSettings } from '@mcp/messaging';
import type { PublishedHead } from './verify-audit-trail';

/**
 * Every head reporting published (`mcp.audit.head.v1`), read from the topic's start to its end
 * without joining any consumer group; empty when none was published yet. All of them, not the
 * newest of each lane: verify checks each, so a lane rewritten and then given one forged newer head
 * still contradicts the genuine heads the topic keeps (docs/decisions.md #49). A head published
 * before lanes names none and is lane 0's.
 */
export async function publishedAuditHeads(brokers: string[], sasl?: KafkaSaslSettings, tls = false): Promise<PublishedHead[]> {
  const heads: PublishedHead[] = [];
  await replayTopics({ brokers, clientId: 'mcp-audit-verify', partitions: 1, sasl, tls }, [AuditHead.topic], async (events) => {
    for (const { data } of events as { data: AuditHeadV1 }[]) heads.push({ lane: data.lane ?? 0, sequence: data.sequence, rowHash: data.headHash });
  });
  return distinctHeads(heads);
}

/**
 * The newest published head of every lane, in lane order: the highest sequence wins, whatever order
 * the records came in. What the heads say about the log now; verify takes them all
 * (`publishedAuditHeads`).
 */
export async function lastPublishedAuditHeads(brokers: string[], sasl?: KafkaSaslSettings, tls = false): Promise<PublishedHead[]> {
  return newestHeadOfEachLane(await publishedAuditHeads(brokers, sasl, tls));
}

/** Each (lane, sequence, hash) once, by lane and sequence: a head re-published, or given and also on the topic, is one. */
export function distinctHeads(heads: PublishedHead[]): PublishedHead[] {
  const byKey = new Map(heads.map((head) => [`${head.lane}/${head.sequence}:${head.rowHash}`, head]));
  return [...byKey.values()].sort((a, b) => a.lane - b.lane || a.sequence - b.sequence || a.rowHash.localeCompare(b.rowHash));
}

/** The highest-sequence head of each lane, in lane order. */
export function newestHeadOfEachLane(heads: PublishedHead[]): PublishedHead[] {
  const newest = new Map<number, PublishedHead>();
  for (const head of heads) {
    const known = newest.get(head.lane);
    if (!known || head.sequence > known.sequence) newest.set(head.lane, head);
  }
  return [...newest.values()].sort((a, b) => a.lane - b.lane);
}
