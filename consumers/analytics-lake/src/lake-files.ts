import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A Parquet file of the lake: one run of consecutive offsets of one partition, all in one month. */
export interface LakeFile {
  topic: string;
  month: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
}

const OFFSET_DIGITS = 20;
const FILE_NAME = /^p([0-9]+)-o([0-9]{20})-([0-9]{20})\.parquet$/;

/**
 * `events/topic=<topic>/month=<YYYY-MM>/p<partition>-o<first>-<last>.parquet`: Hive-style folders,
 * so DuckDB reads `topic` and `month` as columns and skips folders a query filters out. The offsets
 * in the name are the consumer's position: a file exists whole (it is renamed into place) or not
 * at all, so the files alone say what has been stored.
 */
export function lakeFilePath(dir: string, file: LakeFile): string {
  const pad = (offset: bigint) => offset.toString().padStart(OFFSET_DIGITS, '0');
  return join(
    dir,
    'events',
    `topic=${file.topic}`,
    `month=${file.month}`,
    `p${file.partition}-o${pad(file.firstOffset)}-${pad(file.lastOffset)}.parquet`,
  );
}

export function parseLakeFilePath(dir: string, path: string): LakeFile | undefined {
  const parts = relative(join(dir, 'events'), path).split(sep);
  if (parts.length !== 3) return undefined;
  const [topicPart, monthPart, name] = parts;
  const match = FILE_NAME.exec(name);
  if (!match || !topicPart.startsWith('topic=') || !monthPart.startsWith('month=')) return undefined;
  return {
    topic: topicPart.slice('topic='.length),
    month: monthPart.slice('month='.length),
    partition: Number(match[1]),
    firstOffset: BigInt(match[2]),
    lastOffset: BigInt(match[3]),
  };
}

export function listLakeFiles(dir: string): LakeFile[] {
  const root = join(dir, 'events');
  let names: string[];
  try {
    names = readdirSync(root, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return names.flatMap((name) => parseLakeFilePath(dir, join(root, name)) ?? []);
}

/** Where to resume each `topic/partition`: one past the last offset stored in any file. */
export function resumeOffsets(files: readonly LakeFile[]): Map<string, bigint> {
  const next = new Map<string, bigint>();
  for (const file of files) {
    const key = `${file.topic}/${file.partition}`;
    const after = file.lastOffset + 1n;
    if ((next.get(key) ?? -1n) < after) next.set(key, after);
  }
  return next;
}

/** WIB (Asia/Jakarta) is UTC+7 all year: Indonesia keeps no daylight saving time. */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The month an event belongs to in WIB, from its CloudEvents time, else the record's timestamp:
 * the months of the platform's reports and open data, so a `month=` folder counts what they count
 * (an event at 00:00–06:59 WIB on the 1st belonged to the month before in UTC).
 */
export function monthOf(time: string | undefined, recordTimestampMs: string): string {
  const parsed = time ? Date.parse(time) : NaN;
  const instant = Number.isNaN(parsed) ? Number(recordTimestampMs) : parsed;
  return new Date(instant + WIB_OFFSET_MS).toISOString().slice(0, 7);
}

/**
 * Splits a partition's records (in offset order) into runs of one month each, at most `maxRows`
 * long: each run becomes one file, written in order, so files never overlap and a crash between
 * two files leaves a prefix of the batch stored.
 */
export function runsOf<T extends { month: string }>(records: readonly T[], maxRows: number): T[][] {
  const runs: T[][] = [];
  for (const record of records) {
    const current = runs[runs.length - 1];
    if (current && current[0].month === record.month && current.length < maxRows) current.push(record);
    else runs.push([record]);
  }
  return runs;
}
