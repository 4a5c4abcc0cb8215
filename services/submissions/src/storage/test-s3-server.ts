import { testKafkaPort, testPortNear } from '@mcp/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { S3StorageSettings } from './s3-storage';

const repositoryRoot = join(__dirname, '..', '..', '..', '..');

/**
 * Starts (or reuses) the S3-compatible test server (S3Mock, deploy/local/s3/s3.sh) next to the
 * test broker: port = broker port + 50, data under the same .local/test-<port> folder, so
 * engineers running suites side by side never share a bucket.
 */
export function ensureTestS3(bucket = 'mcp-evidence-test'): S3StorageSettings {
  const port = testS3Port();
  runS3Script('start', bucket);
  return {
    bucket,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    accessKeyId: 'test',
    secretAccessKey: 'test',
  };
}

/** Stops the test S3 server, as a developer's `npm run down` or a crash would; ensureTestS3 starts it again. */
export function stopTestS3(): void {
  runS3Script('stop', 'mcp-evidence-test');
}

function testS3Port(): number {
  return testPortNear('MCP_TEST_S3_PORT', 50);
}

function runS3Script(command: 'start' | 'stop', bucket: string): void {
  execFileSync('bash', [join(repositoryRoot, 'deploy/local/s3/s3.sh'), command], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      S3_PORT: String(testS3Port()),
      S3_BUCKET: bucket,
      MCP_LOCAL_DIR: join(repositoryRoot, '.local', `test-${testKafkaPort}`),
    },
  });
}

/** The same settings as service environment variables (STORAGE_DRIVER=s3 …). */
export function s3TestEnv(settings: S3StorageSettings): Record<string, string> {
  return {
    STORAGE_DRIVER: 's3',
    S3_BUCKET: settings.bucket,
    S3_REGION: settings.region,
    S3_ENDPOINT: settings.endpoint ?? '',
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: settings.accessKeyId ?? '',
    S3_SECRET_ACCESS_KEY: settings.secretAccessKey ?? '',
  };
}
