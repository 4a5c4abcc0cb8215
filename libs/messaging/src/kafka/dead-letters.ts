import { randomUUID } from 'node:crypto';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { createIdempotentProducer } from './kafka-settings';

/**
 * The consumer group whose committed offsets mark dead letters as handled (replayed or skipped):
 * everything below a partition's committed offset is handled, everything from it on is not. No
 * process ever consumes in this group; only the dead-letters CLI moves it (docs/decisions.md #61).
 */
export const DEAD_LETTERS_HANDLED_GROUP = 'mcp.dead-letters.handled';

const DEAD_LETTER_SUFFIX = '.dlq';

/** The services' default INBOX_RETENTION_HOURS (libs/service-runtime service-config). */
export const DEFAULT_INBOX_RETENTION_HOURS = 30 * 24;

/** A replay refused because the inboxes may have forgotten the letters' ids. */
export class ReplayTooOldError extends Error {}

/** Headers the dead-letter publisher adds; a replay leaves them behind. */
const DLQ_HEADER_PREFIX = 'mcp_dlq_';

export interface DeadLetter {
  /** The dead-letter topic (`<topic>.dlq`), partition and offset: where it is kept. */
  topic: string;
  partition: number;
  offset: string;
  /** Where a replay sends it: the topic it came from. */
  originalTopic: string;
  reason: string;
  /** The consumer group (service) that gave up on it. */
  consumer: string;
  /** `<topic>/<partition>/<offset>` it was read from. */
  source: string;
  failedAt: string;
  eventId?: string;
  eventType?: string;
  handled: boolean;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

export interface DeadLetterTopicSummary {
  topic: string;
  /** Records the topic keeps. */
  kept: number;
  /** Of those, neither replayed nor skipped yet. */
  unhandled: number;
}

/**
 * Inspect, replay and skip dead letters. A replay sends the record to its original topic with the
 * same key, value and CloudEvents headers (the same `ce_id`), so every consumer that had applied
 * it finds the id in its inbox and changes nothing; only the consumer that failed applies it now.
 * Handled records stay in the topic (it keeps everything); the handled group's offset moves past
 * them. Within a partition, dead letters are handled in order: replaying or skipping through an
 * offset handles every unhandled record of that partition up to it.
 */
export class DeadLetters {
  constructor(private readonly kafka: Kafka) {}

  async summaries(): Promise<DeadLetterTopicSummary[]> {
    return this.withAdmin(async (admin) => {
      const topics = (await admin.listTopics()).filter((name) => name.endsWith(DEAD_LETTER_SUFFIX)).sort();
      const summaries: DeadLetterTopicSummary[] = [];
      for (const topic of topics) {
        const { partitions } = await this.positions(admin, topic);
        summaries.push({
          topic,
          kept: partitions.reduce((sum, p) => sum + Number(p.high - p.low), 0),
          unhandled: partitions.reduce((sum, p) => sum + Number(p.high - p.handledUpTo), 0),
        });
      }
      return summaries;
    });
  }

  /** The topic's dead letters in offset order per partition; handled ones only when asked. */
  async list(topic: string, options: { includeHandled?: boolean } = {}): Promise<DeadLetter[]> {
    requireDeadLetterTopic(topic);
    const { partitions } = await this.withAdmin((admin) => this.positions(admin, topic));
    const wanted = partitions
      .map((p) => ({ ...p, from: options.includeHandled ? p.low : p.handledUpTo }))
      .filter((p) => p.from < p.high);
    const records = await this.read(topic, wanted);
    return records.map((record) => {
      const handledUpTo = partitions.find((p) => p.partition === record.partition)?.handledUpTo ?? 0n;
      return deadLetterOf(topic, record, BigInt(record.offset) < handledUpTo);
    });
  }

  async show(topic: string, partition: number, offset: string): Promise<DeadLetter | undefined> {
    return (await this.list(topic, { includeHandled: true })).find(
      (letter) => letter.partition === partition && letter.offset === offset,
    );
  }

  /**
   * Replays every unhandled dead letter of the partition up to and including `throughOffset`, in
   * order, then marks them handled. A crash between the two replays them again on the next run:
   * harmless, the inboxes deduplicate by event id.
   *
   * That holds only while the inboxes remember the id: they forget it after INBOX_RETENTION_HOURS
   * (30 days). A replay goes to the original topic, so every consumer reads it again, and one that
   * had applied it long ago would apply it a second time. A letter whose event or failure is older
   * than `inboxRetentionHours` less a day is refused unless `force` (after checking each consumer).
   */
  async replay(
    topic: string,
    partition: number,
    throughOffset: string,
    options: { inboxRetentionHours?: number; force?: boolean; now?: Date } = {},
  ): Promise<DeadLetter[]> {
    const letters = await this.unhandledThrough(topic, partition, throughOffset);
    if (!options.force) {
      const retentionHours = options.inboxRetentionHours ?? DEFAULT_INBOX_RETENTION_HOURS;
      const oldest = (options.now ?? new Date()).getTime() - Math.max(retentionHours - 24, 0) * 3_600_000;
      // The other consumers recorded the id when they first applied the event, no earlier than its
      // ce_time; failed_at is stamped afresh each time a record is dead-lettered (a failed replay).
      const tooOld = letters.filter((letter) => !(ageOf(letter) >= oldest));
      if (tooOld.length > 0) {
        throw new ReplayTooOldError(
          `${tooOld.length} dead letter gagal lebih dari ${retentionHours - 24} jam lalu (mis. ${tooOld[0].topic}/${tooOld[0].partition}/${tooOld[0].offset}, ` +
            `${tooOld[0].failedAt || 'waktu tidak diketahui'}); kotak masuk layanan lain sudah melupakan id-nya dan dapat menerapkannya dua kali. ` +
            `Periksa dulu, lalu pakai skip, atau replay --force ` +
            `(older than the inboxes remember: other consumers could apply it twice; check, then skip or replay --force)`,
        );
      }
    }
    if (letters.length > 0) {
      const producer = createIdempotentProducer(this.kafka);
      await producer.connect();
      try {
        for (const letter of letters) {
          await producer.send({
            topic: letter.originalTopic,
            acks: -1,
            messages: [{ key: letter.key, value: letter.value, headers: replayHeaders(letter) }],
          });
        }
      } finally {
        await producer.disconnect();
      }
    }
    await this.markHandled(topic, partition, throughOffset);
    return letters;
  }

  /** Marks dead letters handled without replaying them (true poison, or fixed by other means). */
  async skip(topic: string, partition: number, throughOffset: string): Promise<DeadLetter[]> {
    const letters = await this.unhandledThrough(topic, partition, throughOffset);
    await this.markHandled(topic, partition, throughOffset);
    return letters;
  }

  private async unhandledThrough(topic: string, partition: number, throughOffset: string): Promise<DeadLetter[]> {
    requireDeadLetterTopic(topic);
    const through = BigInt(throughOffset);
    const letters = (await this.list(topic)).filter(
      (letter) => letter.partition === partition && BigInt(letter.offset) <= through,
    );
    if (!letters.some((letter) => BigInt(letter.offset) === through)) {
      throw new Error(
        `Tidak ada dead letter belum ditangani di ${topic}/${partition}/${throughOffset} ` +
          `(no unhandled dead letter at ${topic}/${partition}/${throughOffset})`,
      );
    }
    return letters;
  }

  /**
   * Moves the handled mark forward only: a run that finishes after a later one must not put it
   * back, which would show handled letters as unhandled (and replay them again). Read, then set:
   * two runs setting at the same instant can still race; operators handle a topic one at a time.
   */
  private async markHandled(topic: string, partition: number, throughOffset: string): Promise<void> {
    await this.withAdmin(async (admin) => {
      const [committed] = await admin.fetchOffsets({ groupId: DEAD_LETTERS_HANDLED_GROUP, topics: [topic] });
      const current = BigInt(committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
      const next = BigInt(throughOffset) + 1n;
      if (current >= next) return;
      await admin.setOffsets({ groupId: DEAD_LETTERS_HANDLED_GROUP, topic, partitions: [{ partition, offset: String(next) }] });
    });
  }

  private async positions(admin: Admin, topic: string) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: DEAD_LETTERS_HANDLED_GROUP, topics: [topic] });
    const handledOf = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    return {
      partitions: offsets.map(({ partition, low, high }) => {
        const handled = handledOf.get(partition) ?? -1n;
        // -1 is "nothing committed"; records below `low` no longer exist (a recreated topic).
        const handledUpTo = handled < BigInt(low) ? BigInt(low) : handled > BigInt(high) ? BigInt(high) : handled;
        return { partition, low: BigInt(low), high: BigInt(high), handledUpTo };
      }),
    };
  }

  /**
   * Reads the given offset ranges with a throwaway group that commits nothing, then deletes it.
   * From each partition's start: dead-letter topics are small, and no seek can race the join.
   */
  private async read(
    topic: string,
    ranges: { partition: number; from: bigint; high: bigint }[],
  ): Promise<RawRecord[]> {
    if (ranges.length === 0) return [];
    const groupId = `mcp.dead-letters.reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const records: RawRecord[] = [];
    const remaining = new Map(ranges.map((range) => [range.partition, range]));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const done = new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const range = remaining.get(partition);
            if (!range) return;
            const offset = BigInt(message.offset);
            if (offset >= range.from && offset < range.high && !records.some((r) => r.partition === partition && r.offset === message.offset)) {
              records.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} });
            }
            if (offset >= range.high - 1n) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        });
      });
      await withTimeout(done, 30_000, `reading ${topic}`);
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await this.withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => undefined);
    }
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

interface RawRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** The older of the event's time and its failure; its failure alone when it carries no ce_time (structured mode, not an event). */
function ageOf(letter: DeadLetter): number {
  const failed = Date.parse(letter.failedAt);
  const happened = Date.parse(text(letter.headers.ce_time) ?? '');
  return Number.isNaN(happened) ? failed : Math.min(failed, happened);
}

function requireDeadLetterTopic(topic: string): void {
  if (!topic.endsWith(DEAD_LETTER_SUFFIX)) {
    throw new Error(`${topic} bukan topik dead letter (not a dead-letter topic: it must end in ${DEAD_LETTER_SUFFIX})`);
  }
}

function text(value: IHeaders[string] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function deadLetterOf(topic: string, record: RawRecord, handled: boolean): DeadLetter {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    const value0 = Array.isArray(value) ? value[0] : value;
    if (value0 !== undefined) headers[name] = Buffer.isBuffer(value0) ? value0 : Buffer.from(String(value0));
  }
  return {
    topic,
    partition: record.partition,
    offset: record.offset,
    originalTopic: topic.slice(0, -DEAD_LETTER_SUFFIX.length),
    reason: text(record.headers.mcp_dlq_reason) ?? '',
    consumer: text(record.headers.mcp_dlq_consumer) ?? '',
    source: text(record.headers.mcp_dlq_source) ?? '',
    failedAt: text(record.headers.mcp_dlq_failed_at) ?? '',
    eventId: text(record.headers.ce_id),
    eventType: text(record.headers.ce_type),
    handled,
    key: record.key,
    value: record.value,
    headers,
  };
}

/** The record's own headers (ce_*, trace context), without the dead-letter ones, plus where it was replayed from. */
function replayHeaders(letter: DeadLetter): Record<string, Buffer> {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(letter.headers)) {
    if (!name.startsWith(DLQ_HEADER_PREFIX)) headers[name] = value;
  }
  headers.mcp_replayed_from = Buffer.from(`${letter.topic}/${letter.partition}/${letter.offset}`);
  return headers;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
