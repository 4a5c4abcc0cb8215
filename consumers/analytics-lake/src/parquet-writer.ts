import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lakeFilePath, type LakeFile } from './lake-files';

/** One Kafka record as the lake keeps it; topic and month are the file's folders. */
export interface LakeRecord {
  partition: number;
  offset: bigint;
  key: string | null;
  id: string;
  type: string;
  source: string;
  subject: string | null;
  time: string | null;
  data: string;
  month: string;
}

const COLUMNS = `kafka_partition INTEGER, kafka_offset BIGINT, kafka_key VARCHAR, id VARCHAR, type VARCHAR,
  source VARCHAR, subject VARCHAR, time VARCHAR, data VARCHAR`;

/**
 * Writes runs of records as Parquet through an in-memory DuckDB (appender in, COPY out), first to
 * a temporary name, flushed to disk, and then renamed into place with its folder flushed too: a
 * file is there whole or not at all, after a power loss as after a killed process, which is what
 * makes its name a trustworthy offset. (DuckDB's COPY does not fsync; a rename journaled before
 * the data blocks were written would name an empty file, and the lake would resume past records
 * it never stored.)
 */
export class ParquetWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dir: string,
  ) {}

  static async open(dir: string): Promise<ParquetWriter> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE run (${COLUMNS})`);
    // What a killed writer left half-written; one instance per folder, so none of it is in use.
    rmSync(join(dir, 'tmp'), { recursive: true, force: true });
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    return new ParquetWriter(instance, connection, dir);
  }

  async write(topic: string, records: readonly LakeRecord[]): Promise<LakeFile> {
    const file: LakeFile = {
      topic,
      month: records[0].month,
      partition: records[0].partition,
      firstOffset: records[0].offset,
      lastOffset: records[records.length - 1].offset,
    };
    await this.connection.run('DELETE FROM run');
    const appender = await this.connection.createAppender('run');
    for (const record of records) {
      appender.appendInteger(record.partition);
      appender.appendBigInt(record.offset);
      appendText(appender, record.key);
      appender.appendVarchar(record.id);
      appender.appendVarchar(record.type);
      appender.appendVarchar(record.source);
      appendText(appender, record.subject);
      appendText(appender, record.time);
      appender.appendVarchar(record.data);
      appender.endRow();
    }
    appender.closeSync();
    const temporary = join(this.dir, 'tmp', `${randomUUID()}.parquet`);
    const final = lakeFilePath(this.dir, file);
    try {
      await this.connection.run(`COPY run TO '${temporary.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
      syncToDisk(temporary);
      const firstCreated = mkdirSync(dirname(final), { recursive: true });
      renameSync(temporary, final);
      syncToDisk(dirname(final));
      // A folder made just now must itself be named durably in its parent, up to the first that existed.
      if (firstCreated !== undefined) {
        for (let folder = dirname(final); folder !== dirname(firstCreated); folder = dirname(folder)) syncToDisk(dirname(folder));
      }
    } finally {
      rmSync(temporary, { force: true });
    }
    return file;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** fsync of a file or a folder (a folder's entries are what a rename changes). */
function syncToDisk(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function appendText(appender: { appendVarchar(value: string): void; appendNull(): void }, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}
