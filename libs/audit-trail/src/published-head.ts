import { AuditHead, type AuditHeadV1 } from '@mcp/contracts';
import { replayTopics, type KafkaSaslSettings } from '@mcp/messaging';
import type { PublishedHead } from './verify-audit-trail';

/**
 * The newest head reporting published (`mcp.audit.head.v1`), read from the topic's start to its
 * end without joining any consumer group; undefined when none was published yet. The highest
 * sequence wins, whatever order the records came in.
 */
export async function lastPublishedAuditHead(brokers: string[], sasl?: KafkaSaslSettings, tls = false): Promise<PublishedHead | undefined> {
  let newest: PublishedHead | undefined;
  await replayTopics({ brokers, clientId: 'mcp-audit-verify', partitions: 1, sasl, tls }, [AuditHead.topic], async (events) => {
    for (const { data } of events as { data: AuditHeadV1 }[]) {
      if (!newest || data.sequence > newest.sequence) newest = { sequence: data.sequence, rowHash: data.headHash };
    }
  });
  return newest;
}
