import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, EvidenceStorage, MissingObjectError, type ByteRange, type StoredObjectInfo } from './evidence-storage';

/** Objects as files under `<root>/objects/<key>`; the default driver. */
export class LocalDiskStorage extends EvidenceStorage {
  private readonly objects: string;

  constructor(root: string) {
    super();
    this.objects = join(resolve(root), 'objects');
  }

  async prepare(): Promise<void> {
    await mkdir(this.objects, { recursive: true });
  }

  async write(key: string, content: Readable, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await pipeline(content, createWriteStream(path, { flags: 'wx' }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new MissingObjectError(key) : error;
    });
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    const start = join(this.objects, prefix);
    for await (const path of walk(start.endsWith(sep) ? start : dirname(start))) {
      const key = relative(this.objects, path).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      yield { key, lastModified: (await stat(path)).mtime };
    }
  }

  async removeIncompleteWrites(_startedBefore: Date): Promise<number> {
    return 0;
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.objects, key);
  }
}

async function* walk(directory: string): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
