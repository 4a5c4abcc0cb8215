import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDiskStorage } from '../storage/local-disk-storage';
import { zipArchive } from './zip-archive.fixture';
import { inspectZip } from './zip-inspection';

describe('inspectZip', () => {
  const storage = new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'mcp-zip-')));
  const bomb = zipArchive([['nol.bin', Buffer.alloc(8 * 1024 * 1024)]]);
  const readRange = (range: { start: number; end: number }) => storage.read('evidence/bomb', range);

  beforeAll(async () => {
    await storage.prepare();
    await storage.write('evidence/bomb', Readable.from([bomb]), 'application/zip');
  });

  it('adds up what the central directory declares, read from storage by ranges', async () => {
    expect(await inspectZip(readRange, bomb.length, { maxEntries: 10, maxUncompressedBytes: 16 * 1024 * 1024 })).toEqual({
      ok: true,
      entries: 1,
      uncompressedBytes: 8 * 1024 * 1024,
    });
  });

  it('refuses more unpacked bytes or more entries than allowed', async () => {
    expect(await inspectZip(readRange, bomb.length, { maxEntries: 10, maxUncompressedBytes: 1024 * 1024 })).toMatchObject({
      ok: false,
      problem: 'too-large-uncompressed',
    });
    expect(await inspectZip(readRange, bomb.length, { maxEntries: 0, maxUncompressedBytes: 16 * 1024 * 1024 })).toMatchObject({
      ok: false,
      problem: 'too-many-entries',
    });
  });

  it('fails, rather than calling the file corrupt, when the storage cannot be read', async () => {
    const unavailable = Object.assign(new Error('503 SlowDown'), { code: 'SlowDown' });
    await expect(inspectZip(() => Promise.reject(unavailable), bomb.length, { maxEntries: 10, maxUncompressedBytes: 16 * 1024 * 1024 })).rejects.toBe(unavailable);
    const broken = () => Promise.resolve(new Readable({ read() { this.destroy(unavailable); } }));
    await expect(inspectZip(broken, bomb.length, { maxEntries: 10, maxUncompressedBytes: 16 * 1024 * 1024 })).rejects.toBe(unavailable);
  });

  it('still calls a file that is no ZIP corrupt', async () => {
    await storage.write('evidence/not-a-zip', Readable.from([Buffer.from('bukan zip sama sekali, hanya teks biasa')]), 'application/zip');
    const notZip = (range: { start: number; end: number }) => storage.read('evidence/not-a-zip', range);
    expect(await inspectZip(notZip, 39, { maxEntries: 10, maxUncompressedBytes: 1024 })).toMatchObject({ ok: false, problem: 'corrupt' });
  });

  it('calls a ZIP whose directory points past its end corrupt, without asking the storage for bytes that are not there', async () => {
    // The end-of-central-directory record of an empty archive, claiming a directory at offset 1000 of a 22-byte file.
    const pointsPastEnd = Buffer.alloc(22);
    pointsPastEnd.writeUInt32LE(0x06054b50, 0);
    pointsPastEnd.writeUInt16LE(1, 8);
    pointsPastEnd.writeUInt16LE(1, 10);
    pointsPastEnd.writeUInt32LE(46, 12);
    pointsPastEnd.writeUInt32LE(1000, 16);
    // As S3 answers a range starting past the end: 416 InvalidRange.
    const strict = async ({ start, end }: { start: number; end: number }) => {
      if (start >= pointsPastEnd.length || end >= pointsPastEnd.length) throw Object.assign(new Error('InvalidRange'), { code: 'InvalidRange' });
      return Readable.from([pointsPastEnd.subarray(start, end + 1)]);
    };
    expect(await inspectZip(strict, pointsPastEnd.length, { maxEntries: 10, maxUncompressedBytes: 1024 })).toMatchObject({ ok: false, problem: 'corrupt' });
  });
});
