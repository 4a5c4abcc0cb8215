import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface StoredObject {
  key: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Where evidence files live. Keys are generated here, never taken from the client, so a file name
 * can never choose a path. The S3 driver (issue 4) implements the same contract.
 */
export abstract class EvidenceStorage {
  /** Moves an uploaded temporary file into storage, hashing it on the way. */
  abstract adopt(temporaryPath: string, keyPrefix: string): Promise<StoredObject>;
  abstract remove(key: string): Promise<void>;
}

export class LocalDiskStorage extends EvidenceStorage {
  readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  /** Multer writes incoming uploads here: same filesystem as the objects, so adopting is a rename. */
  get incomingDirectory(): string {
    return join(this.root, 'incoming');
  }

  async adopt(temporaryPath: string, keyPrefix: string): Promise<StoredObject> {
    const sha256 = await hashFile(temporaryPath);
    const { size } = await stat(temporaryPath);
    const key = `${keyPrefix}/${randomUUID()}`;
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(temporaryPath, target);
    return { key, sha256, sizeBytes: size };
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    return join(this.root, 'objects', key);
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
