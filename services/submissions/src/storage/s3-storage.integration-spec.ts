import { S3Storage } from './s3-storage';
import { describeStorageDriver } from './storage-driver.suite';
import { Readable } from 'node:stream';
import { EVIDENCE_PREFIX } from './evidence-storage';
import { ensureTestS3, stopTestS3 } from './test-s3-server';

// A real S3-compatible server (S3Mock from Maven Central), started by the suite if it is not running.
// Its own bucket, so the sweep assertions count only this suite's uploads.
let storage: S3Storage | undefined;

describeStorageDriver('S3', () => {
  storage = new S3Storage(ensureTestS3('mcp-storage-driver-test'));
  return storage;
});

afterAll(() => storage?.destroy());

describe('the local S3 server (deploy/local/s3/s3.sh)', () => {
  // S3Mock 4 forgets its multipart bookkeeping locks on restart and then answers 500 to every
  // ListMultipartUploads in a bucket that ever had a multipart upload; s3.sh clears that
  // bookkeeping before start. Without it the sweeper fails after every `npm run down` / `up`.
  it('still lists and sweeps incomplete uploads after a restart', async () => {
    const bucket = 'mcp-storage-restart-test';
    const before = new S3Storage(ensureTestS3(bucket));
    await before.write(`${EVIDENCE_PREFIX}restart/large`, Readable.from([Buffer.alloc(6 * 1024 * 1024, 1)]), 'application/pdf');
    before.destroy();
    stopTestS3();
    const after = new S3Storage(ensureTestS3(bucket));
    try {
      await expect(after.removeIncompleteWrites(new Date(Date.now() + 60_000))).resolves.toBe(0);
      expect((await after.read(`${EVIDENCE_PREFIX}restart/large`)).readable).toBe(true);
    } finally {
      after.destroy();
    }
  });
});
