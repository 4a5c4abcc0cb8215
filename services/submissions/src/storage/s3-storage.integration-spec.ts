import { S3Storage } from './s3-storage';
import { describeStorageDriver } from './storage-driver.suite';
import { ensureTestS3 } from './test-s3-server';

// A real S3-compatible server (S3Mock from Maven Central), started by the suite if it is not running.
let storage: S3Storage | undefined;

describeStorageDriver('S3', () => {
  storage = new S3Storage(ensureTestS3());
  return storage;
});

afterAll(() => storage?.destroy());
