import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { EVIDENCE_PREFIX, MissingObjectError, type EvidenceStorage } from './evidence-storage';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function keysUnder(storage: EvidenceStorage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  return keys.sort();
}

/** Content that fails after `bytesBeforeFailure`, as a client that disconnects mid-upload does. */
function failingContent(bytesBeforeFailure: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytesBeforeFailure) {
        this.destroy(new Error('klien terputus'));
        return;
      }
      const chunk = Buffer.alloc(Math.min(1024 * 1024, bytesBeforeFailure - sent), 7);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/**
 * The contract every storage driver meets; local-disk-storage.spec.ts and
 * s3-storage.integration-spec.ts run it against their driver.
 */
export function describeStorageDriver(driver: string, storageUnderTest: () => EvidenceStorage): void {
  describe(`${driver} storage driver`, () => {
    let storage: EvidenceStorage;
    // Each run writes under its own prefix, so a shared bucket or folder never confuses counts.
    const run = `${EVIDENCE_PREFIX}${randomUUID()}`;
    const key = (name: string) => `${run}/${name}`;

    beforeAll(async () => {
      storage = storageUnderTest();
      await storage.prepare();
    });

    it('stores a stream and gives back the same bytes, whole or by range', async () => {
      const content = Buffer.from('%PDF-1.7 contoh SK penetapan SSH\n'.repeat(1000));
      await storage.write(key('sk'), Readable.from([content]), 'application/pdf');
      expect((await readAll(await storage.read(key('sk')))).equals(content)).toBe(true);
      expect((await readAll(await storage.read(key('sk'), { start: 4, end: 8 }))).toString()).toBe('-1.7 ');
    });

    it('stores an object larger than one multipart part', async () => {
      const part = Buffer.alloc(3 * 1024 * 1024, 1);
      await storage.write(key('large'), Readable.from([part, part, part, part]), 'application/pdf');
      expect((await readAll(await storage.read(key('large')))).length).toBe(12 * 1024 * 1024);
    });

    it('keeps nothing when the content fails midway, early or after several parts', async () => {
      for (const [name, bytes] of [['early', 100], ['late', 20 * 1024 * 1024]] as const) {
        await expect(storage.write(key(name), failingContent(bytes), 'application/pdf')).rejects.toThrow('klien terputus');
      }
      const left = await keysUnder(storage, `${run}/`);
      expect(left).not.toContain(key('early'));
      expect(left).not.toContain(key('late'));
      expect(await storage.removeIncompleteWrites(new Date(Date.now() + 60_000))).toBe(0);
    });

    it('lists what is under a prefix with its modification time, and removes idempotently', async () => {
      await storage.write(key('list/a'), Readable.from([Buffer.from('a')]), 'application/pdf');
      await storage.write(key('list/b'), Readable.from([Buffer.from('b')]), 'application/pdf');
      const listed: { key: string; lastModified: Date }[] = [];
      for await (const object of storage.list(`${run}/list/`)) listed.push(object);
      expect(listed.map((object) => object.key).sort()).toEqual([key('list/a'), key('list/b')]);
      for (const object of listed) expect(Math.abs(object.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);
      await storage.remove(key('list/a'));
      await storage.remove(key('list/a'));
      expect(await keysUnder(storage, `${run}/list/`)).toEqual([key('list/b')]);
    });

    it('refuses to read a missing object', async () => {
      await expect(storage.read(key('missing'))).rejects.toBeInstanceOf(MissingObjectError);
    });

    it('refuses keys the service would never generate', async () => {
      for (const bad of ['../etc/passwd', 'evidence/../../x', '/abs', 'evidence/Nama Berkas.pdf']) {
        await expect(storage.write(bad, Readable.from([Buffer.from('x')]), 'application/pdf')).rejects.toThrow('Refusing storage key');
      }
    });

    it('serves ranged reads anywhere, the end included (where a ZIP keeps its central directory)', async () => {
      // Filled in place: building a 3 MiB array first took seconds on a busy machine (a 5 s timeout).
      const content = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let index = 0; index < content.length; index += 1) content[index] = index % 251;
      await storage.write(key('ranged'), Readable.from([content]), 'application/zip');
      for (const [start, end] of [[content.length - 22, content.length - 1], [1024 * 1024 - 5, 2 * 1024 * 1024 + 5], [0, 0]]) {
        expect((await readAll(await storage.read(key('ranged'), { start, end }))).equals(content.subarray(start, end + 1))).toBe(true);
      }
    });
  });
}
