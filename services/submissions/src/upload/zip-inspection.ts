import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fromRandomAccessReader, RandomAccessReader, type ZipFile } from 'yauzl';
import type { ByteRange } from '../storage/evidence-storage';

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}

export type ZipVerdict =
  | { ok: true; entries: number; uncompressedBytes: number }
  | { ok: false; problem: 'too-many-entries' | 'too-large-uncompressed' | 'corrupt'; detail: string };

type ReadRange = (range: ByteRange) => Promise<Readable>;

/**
 * Reads a stored ZIP's central directory (at its end, by ranged reads, so nothing is unpacked or
 * held in memory) and adds up what it declares. A ZIP bomb declares its unpacked size here; one
 * that lies about it is caught by yauzl's size validation when someone does unpack it.
 */
export async function inspectZip(readRange: ReadRange, sizeBytes: number, limits: ZipLimits): Promise<ZipVerdict> {
  const reader = new StorageRangeReader(readRange, sizeBytes);
  // A storage read that failed (S3 503, a timeout) says nothing of the file: it is a failure to
  // retry, never a verdict of "corrupt", which would refuse an upload that was on time for good.
  const verdictOrFailure = (verdict: ZipVerdict): ZipVerdict => {
    if (reader.failure) throw reader.failure;
    return verdict;
  };
  let zip: ZipFile;
  try {
    zip = await openZip(reader, sizeBytes);
  } catch (error) {
    return verdictOrFailure({ ok: false, problem: 'corrupt', detail: (error as Error).message });
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return { ok: false, problem: 'too-many-entries', detail: `${zip.entryCount} entri` };
    }
    return verdictOrFailure(await sumEntries(zip, limits));
  } finally {
    zip.close();
  }
}

function openZip(reader: RandomAccessReader, sizeBytes: number): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    fromRandomAccessReader(reader, sizeBytes, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

function sumEntries(zip: ZipFile, limits: ZipLimits): Promise<ZipVerdict> {
  return new Promise((resolve) => {
    let entries = 0;
    let uncompressedBytes = 0;
    zip.on('entry', (entry: { uncompressedSize: number }) => {
      entries += 1;
      uncompressedBytes += entry.uncompressedSize;
      if (uncompressedBytes > limits.maxUncompressedBytes) {
        resolve({ ok: false, problem: 'too-large-uncompressed', detail: `sedikitnya ${uncompressedBytes} byte` });
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve({ ok: true, entries, uncompressedBytes }));
    zip.on('error', (error: Error) => resolve({ ok: false, problem: 'corrupt', detail: error.message }));
    zip.readEntry();
  });
}

/** yauzl asks for byte ranges synchronously; the storage answers asynchronously, hence the relay. */
class StorageRangeReader extends RandomAccessReader {
  /** The first storage read that failed, if any. */
  failure?: Error;

  constructor(
    private readonly readRange: ReadRange,
    private readonly sizeBytes: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const relay = new PassThrough();
    // A corrupt ZIP can point its directory past the file's end: nothing is there (yauzl then
    // reports the file corrupt), and S3 would refuse the range outright, which reads as a failure.
    end = Math.min(end, this.sizeBytes);
    if (end <= start) {
      relay.end();
      return relay;
    }
    const failed = (error: Error) => {
      // Closing a range early (yauzl has read what it needs) is no storage failure.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.failure ??= error;
      relay.destroy(error);
    };
    this.readRange({ start, end: end - 1 }).then((source) => pipeline(source, relay).catch(failed), failed);
    return relay;
  }
}
