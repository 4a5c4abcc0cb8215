import type { Kafka } from 'kafkajs';

/** Offsets of one topic summed over its partitions: `latest - earliest` records are kept now. */
export interface TopicOffsetTotals {
  topic: string;
  earliest: number;
  latest: number;
}

/**
 * Reads how far topics have grown without consuming them: enough to notice that records arrived
 * (dead letters, for the admins) without decoding records that could not be decoded the first time.
 */
export class TopicOffsets {
  constructor(private readonly kafka: Kafka) {}

  /** The totals of the named topics that exist; a topic not created yet is left out. */
  async totals(topics: string[]): Promise<TopicOffsetTotals[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const totals: TopicOffsetTotals[] = [];
      for (const topic of topics.filter((name) => existing.has(name))) {
        const partitions = await admin.fetchTopicOffsets(topic);
        totals.push({
          topic,
          earliest: partitions.reduce((sum, partition) => sum + Number(partition.low), 0),
          latest: partitions.reduce((sum, partition) => sum + Number(partition.high), 0),
        });
      }
      return totals;
    } finally {
      await admin.disconnect();
    }
  }
}
