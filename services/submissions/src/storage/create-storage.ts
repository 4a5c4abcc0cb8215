import type { SubmissionsConfig } from '../submissions-config';
import type { EvidenceStorage } from './evidence-storage';
import { LocalDiskStorage } from './local-disk-storage';
import { S3Storage } from './s3-storage';

export function createStorage(config: SubmissionsConfig): EvidenceStorage {
  if (config.STORAGE_DRIVER === 'local') return new LocalDiskStorage(config.STORAGE_DIR);
  return new S3Storage({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
}
