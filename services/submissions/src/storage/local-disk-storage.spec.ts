import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDiskStorage } from './local-disk-storage';
import { describeStorageDriver } from './storage-driver.suite';

describeStorageDriver('local-disk', () => new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'mcp-storage-'))));

describe('local-disk storage driver, its folders', () => {
  const text = async (stream: Readable) => Buffer.concat(await stream.toArray()).toString();

  it('makes a folder removed after start-up again, without losing the content it writes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mcp-storage-'));
    const storage = new LocalDiskStorage(root);
    await storage.prepare();
    await storage.write('evidence/first', Readable.from([Buffer.from('pertama')]), 'application/pdf');
    rmSync(join(root, 'objects'), { recursive: true });
    await storage.write('evidence/second', Readable.from([Buffer.from('kedua')]), 'application/pdf');
    expect(await text(await storage.read('evidence/second'))).toBe('kedua');
  });

  it('neither overwrites nor removes a file already under a key it is asked to write', async () => {
    const storage = new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'mcp-storage-')));
    await storage.prepare();
    await storage.write('evidence/taken', Readable.from([Buffer.from('asli')]), 'application/pdf');
    await expect(storage.write('evidence/taken', Readable.from([Buffer.from('palsu')]), 'application/pdf')).rejects.toThrow(/EEXIST/);
    expect(await text(await storage.read('evidence/taken'))).toBe('asli');
  });
});
