import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { listLakeFiles, resumeOffsets, runsOf } from './lake-files';
import { lakeRecordOf } from './cloud-event';
import { ParquetWriter, type LakeRecord } from './parquet-writer';

export interface IngestOptions {
  dir: string;
  brokers: string[];
  /** The lake's own principal: the platform's broker lets it read the public topics and nothing else. */
  sasl?: SASLOptions;
  tls?: boolean;
  /** Topics to land: MCP event topics, not their dead letters. */
  topicPattern: RegExp;
  maxFileRows: number;
  /**
   * How long a record may wait in memory for more of its partition before its file is written
   * (LAKE_FLUSH_SECONDS). Following the live stream, a fetch brings one or a few records: written
   * as they come, the lake would be a file per event, and every query would open them all.
   */
  flushAfterMs: number;
  /** Stop once every partition is stored up to the end it had at start (benchmarks, backfills). */
  untilEnd: boolean;
  log: (line: string) => void;
  stop?: AbortSignal;
}

export interface IngestResult {
  records: number;
  files: number;
  seconds: number;
}

/**
 * Lands every record of the MCP topics in the lake. The lake's files are the only record of
 * progress: at start each partition resumes one past the last offset stored in a file (or at the
 * start of the topic) by seeking there, in a fresh consumer group that never commits, so Kafka's
 * committed offsets can never disagree with the data. Run one instance per lake folder. A crash before a file is renamed into
 * place loses nothing (it is read again); after, nothing is read twice. Records wait in memory per
 * partition until `maxFileRows` of them (or that many across all partitions) are there or the
 * oldest has waited `flushAfterMs`, so files have a useful size; a stop writes what waits.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const started = process.hrtime.bigint();
  const kafka = new Kafka({ clientId: 'analytics-lake', brokers: options.brokers, sasl: options.sasl, ssl: options.tls ?? false, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `analytics-lake-${randomUUID()}`;
  const next = new Map<string, bigint>();
  const end = new Map<string, bigint>();
  let records = 0;
  let files = 0;
  const writer = await ParquetWriter.open(options.dir);
  const waiting = new Map<string, { topic: string; records: LakeRecord[]; since: number }>();
  let waitingRecords = 0;
  // One writer (one DuckDB connection): the timer's writes and the batches' take turns.
  let writing: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    const turn = writing.then(work);
    writing = turn.catch(() => undefined);
    return turn;
  };
  // A failed write ends the run: its records were fetched and resolved already, and a later file of
  // the same partition would name an offset past them, so a restart would skip them for good. After
  // a failure nothing more is written; the run stops and the next start reads from the files.
  let writeFailure: { error: unknown } | undefined;
  let onWriteFailure: (error: unknown) => void = () => undefined;
  const write = (key: string) =>
    serially(async () => {
      const buffer = waiting.get(key);
      if (!buffer || writeFailure) return;
      waiting.delete(key);
      waitingRecords -= buffer.records.length;
      try {
        for (const run of runsOf(buffer.records, options.maxFileRows)) {
          await writer.write(buffer.topic, run);
          records += run.length;
          files += 1;
        }
      } catch (error) {
        writeFailure = { error };
        onWriteFailure(error);
      }
    });
  const writeDue = async (now: number) => {
    const everything = waitingRecords >= options.maxFileRows;
    for (const [key, buffer] of [...waiting]) {
      if (everything || buffer.records.length >= options.maxFileRows || now - buffer.since >= options.flushAfterMs) await write(key);
    }
  };
  const writeAll = async () => {
    for (const key of [...waiting.keys()]) await write(key);
    // And a write the timer began before (its buffer already taken): done before the writer closes.
    await writing;
  };
  try {
    const topics = (await admin.listTopics()).filter((topic) => options.topicPattern.test(topic)).sort();
    const stored = resumeOffsets(listLakeFiles(options.dir));
    const starts: { topic: string; partition: number; offset: string }[] = [];
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        const key = `${topic}/${partition}`;
        const from = [stored.get(key) ?? 0n, BigInt(low)].reduce((a, b) => (a > b ? a : b));
        next.set(key, from);
        end.set(key, BigInt(high));
        starts.push({ topic, partition, offset: from.toString() });
      }
    }
    options.log(`analytics-lake: ${topics.length} topik, mulai dari offset yang tersimpan di ${options.dir}`);
    const caughtUp = () => [...end].every(([key, high]) => (next.get(key) ?? 0n) >= high);
    if (options.untilEnd && caughtUp()) return { records, files, seconds: elapsed(started) };

    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
    });
    let finish: () => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    onWriteFailure = (error) => fail(error);
    options.stop?.addEventListener('abort', () => finish());
    // A stop that came while the topics were being listed: the listener above never hears it.
    if (options.stop?.aborted) finish();
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      timer = setInterval(() => void writeDue(Date.now()), Math.max(100, Math.min(options.flushAfterMs, 1000)));
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, heartbeat, isRunning, resolveOffset }) => {
          const key = `${batch.topic}/${batch.partition}`;
          // A rebalance can hand back records already written: the files decide, not the broker.
          const expected = next.get(key) ?? 0n;
          const fresh = batch.messages
            .filter((message) => BigInt(message.offset) >= expected)
            .map((message) => lakeRecordOf(batch.topic, batch.partition, message));
          if (fresh.length === 0 && batch.messages.length > 0) resolveOffset(batch.lastOffset());
          if (fresh.length === 0 || !isRunning() || options.stop?.aborted) return;
          const buffer = waiting.get(key) ?? { topic: batch.topic, records: [], since: Date.now() };
          waiting.set(key, buffer);
          buffer.records.push(...fresh);
          waitingRecords += fresh.length;
          next.set(key, fresh[fresh.length - 1].offset + 1n);
          // Moves the fetch position on; nothing is committed (the files are the offsets).
          resolveOffset(fresh[fresh.length - 1].offset.toString());
          await writeDue(Date.now());
          await heartbeat();
          if (options.untilEnd && caughtUp()) {
            await writeAll();
            finish();
          }
        },
      });
      // One member owns every partition, so it positions them all; anything fetched before the
      // seek lands is filtered by `next` above.
      for (const start of starts) consumer.seek(start);
      await done;
    } finally {
      clearInterval(timer);
      await consumer.disconnect();
    }
    // A stop writes what waits: what it fetched is stored, not read again at the next start.
    await writeAll();
    if (writeFailure) throw writeFailure.error;
    return { records, files, seconds: elapsed(started) };
  } finally {
    // A write under way (the timer's) finishes before its DuckDB connection goes.
    await writing;
    writer.close();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
