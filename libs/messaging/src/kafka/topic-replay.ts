import type { McpEvent } from '@mcp/contracts';
import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import { decodeEvent } from './cloud-event-codec';
import { createKafkaClient, type KafkaSettings } from './kafka-settings';

/** Records handed to the writer at a time, with a heartbeat in between. */
const CHUNK = 5_000;

export interface ReplayProgress {
  read: number;
  total: number;
  /** Records that are not a CloudEvent at all (the live consumer dead-letters them); not passed on. */
  undecodable: number;
}

/**
 * For rebuilding read models: reads topics from offset 0 up to the end they had when the replay started, in batches, without
 * joining the service's consumer group or committing anything: a rebuild must not move the live
 * consumer. `onBatch` gets each batch's decoded events in offset order (per partition) and is
 * awaited before the next batch is fetched, so a slow writer slows the reader instead of piling up.
 */
export async function replayTopics(
  settings: KafkaSettings,
  topics: readonly string[],
  onBatch: (events: McpEvent<unknown>[]) => Promise<void>,
  onProgress: (progress: ReplayProgress) => void = () => undefined,
): Promise<ReplayProgress> {
  const kafka = createKafkaClient(settings, '-rebuild');
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${settings.clientId}-rebuild-${randomUUID()}`;
  const remaining = new Map<string, bigint>();
  const nextOffset = new Map<string, bigint>();
  const progress: ReplayProgress = { read: 0, total: 0, undecodable: 0 };
  try {
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        const count = BigInt(high) - BigInt(low);
        progress.total += Number(count);
        if (count > 0n) remaining.set(`${topic}/${partition}`, BigInt(high) - 1n);
      }
    }
    onProgress(progress);
    if (remaining.size > 0) await consumeUntilEnd();
    return progress;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }

  async function consumeUntilEnd(): Promise<void> {
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 16 * 1024 * 1024, maxBytes: 64 * 1024 * 1024, sessionTimeout: 60_000 });
    let finish: () => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, heartbeat, resolveOffset }) => {
          const key = `${batch.topic}/${batch.partition}`;
          const last = remaining.get(key);
          if (last === undefined) return;
          // A rebalance hands a partition back from its start (nothing is committed): skip what was read.
          const from = nextOffset.get(key) ?? 0n;
          const messages = batch.messages;
          // A batch's offsets ascend: when its first and last are in range, all are, and the
          // per-record BigInt comparisons (a measurable share of a replay) are skipped.
          const wanted =
            messages.length > 0 && BigInt(messages[0].offset) >= from && BigInt(messages[messages.length - 1].offset) <= last
              ? messages
              : messages.filter((message) => BigInt(message.offset) >= from && BigInt(message.offset) <= last);
          if (wanted.length === 0 && batch.messages.length > 0) resolveOffset(batch.lastOffset());
          // In chunks, with a heartbeat after each: a fetch can hold tens of thousands of records,
          // and writing them all before the next heartbeat could outlast the session and rebalance.
          for (let start = 0; start < wanted.length; start += CHUNK) {
            const chunk = wanted.slice(start, start + CHUNK);
            // One record that is not an event must not stop every rebuild for good (topics keep everything).
            const events: McpEvent<unknown>[] = [];
            for (const message of chunk) {
              try {
                events.push(decodeFast(message.headers ?? {}, message.value, message.key));
              } catch {
                progress.undecodable += 1;
              }
            }
            await onBatch(events);
            nextOffset.set(key, BigInt(chunk[chunk.length - 1].offset) + 1n);
            // Moves the fetch position on (nothing is committed): without it the next fetch repeats this one.
            resolveOffset(chunk[chunk.length - 1].offset);
            progress.read += chunk.length;
            onProgress(progress);
            await heartbeat();
          }
          if ((nextOffset.get(key) ?? 0n) > last) {
            remaining.delete(key);
            if (remaining.size === 0) finish();
          }
        },
      });
      await finished;
    } finally {
      await consumer.disconnect();
    }
  }
}

/**
 * Our producers send binary mode, where the data is the value as JSON and the attributes are
 * `ce_*` headers: reading those directly is several times faster than the CloudEvents SDK, which
 * stays the fallback for anything else (structured mode from another producer).
 */
function decodeFast(headers: IHeaders, value: Buffer | null, key: Buffer | null): McpEvent<unknown> {
  const text = (name: string) => {
    const raw = headers[name];
    return raw === undefined ? undefined : String(Array.isArray(raw) ? raw[0] : raw);
  };
  const id = text('ce_id');
  const type = text('ce_type');
  if (!id || !type || !value) return decodeEvent(headers, value, key);
  return {
    specversion: '1.0',
    id,
    type,
    source: text('ce_source') ?? '',
    subject: text('ce_subject') ?? '',
    time: text('ce_time') ?? '',
    datacontenttype: 'application/json',
    dataschema: text('ce_dataschema') ?? '',
    data: JSON.parse(value.toString('utf8')) as unknown,
  };
}
