import { mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
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

  /**
   * The file is opened before a byte of `content` is read, and its folder made only when that open
   * finds none (docs/decisions.md #129): every upload used to make its folder (a mkdir and a stat
   * in the thread pool) though all of them share `objects/evidence`.
   */
  async write(key: string, content: Readable, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    const file = await openNew(path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(dirname(path), { recursive: true });
      return openNew(path);
    });
    try {
      await pipeline(content, file.createWriteStream());
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /** Opened at once, so a missing object is known without a stat first; the stream closes the file. */
  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = await open(this.pathOf(key), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new MissingObjectError(key) : error;
    });
    return file.createReadStream(range ? { start: range.start, end: range.end } : {});
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

/** A new file only: an existing key is never overwritten. */
function openNew(path: string): Promise<FileHandle> {
  return open(path, 'wx');
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
