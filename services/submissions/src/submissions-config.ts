import { booleanFromEnv, ServiceConfig, UploadDeadlineOverridesSetting } from '@mcp/service-runtime';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ALLOWED_TYPE_NAMES } from './upload/file-types';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;
// Read from the raw environment: implicit conversion would already have made 'false' true.
const asBoolean = booleanFromEnv;

export class SubmissionsConfig extends ServiceConfig {
  /** `local` keeps files under STORAGE_DIR; `s3` in an S3-compatible bucket (MinIO, AWS, S3Mock). */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** Where evidence files are kept by the local-disk driver. */
  @IsString()
  STORAGE_DIR: string = '.local/evidence';

  @IsString()
  S3_BUCKET: string = 'mcp-evidence';

  /** Endpoint of a non-AWS S3 server, e.g. http://minio:9000; unset means AWS itself. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION: string = 'us-east-1';

  /** MinIO and S3Mock address buckets by path (http://host/bucket/key), AWS by host name. */
  @Transform(asBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE: boolean = false;

  /** Static credentials; when unset the AWS SDK's default chain (environment, IRSA, instance role) applies. */
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Uploads beyond this are cut off while streaming, before anything is kept. */
  @IsInt()
  @Min(1)
  MAX_UPLOAD_BYTES: number = 50 * 1024 * 1024;

  /**
   * Resumable (tus) uploads, `/v1/evidence/uploads`: the largest file, announced at creation
   * (clamd's StreamMaxLength, 100M by default, must allow it); where partial uploads are staged on disk until they
   * finish (kept across restarts; every replica must see the same folder); and how long after its
   * creation an unfinished upload is kept before the sweep removes it.
   */
  @IsInt()
  @Min(1)
  RESUMABLE_MAX_UPLOAD_BYTES: number = 100 * 1024 * 1024;

  @IsString()
  RESUMABLE_STAGING_DIR: string = '.local/resumable-uploads';

  @IsInt()
  @Min(1)
  RESUMABLE_EXPIRY_MINUTES: number = 24 * 60;

  /** File types accepted, decided from the content (magic bytes), never from the name. */
  @Transform(splitList)
  @ArrayNotEmpty()
  @IsIn(ALLOWED_TYPE_NAMES, { each: true, message: `ALLOWED_FILE_TYPES entries must be among ${ALLOWED_TYPE_NAMES.join(', ')}` })
  ALLOWED_FILE_TYPES: string[] = ['pdf', 'png', 'jpg', 'xlsx', 'docx', 'zip'];

  /** A ZIP (also XLSX and DOCX, which are ZIPs) with more entries is refused as a ZIP bomb. */
  @IsInt()
  @Min(1)
  MAX_ZIP_ENTRIES: number = 10_000;

  /** A ZIP whose entries together unpack to more than this is refused as a ZIP bomb. */
  @IsInt()
  @Min(1)
  MAX_ZIP_UNCOMPRESSED_BYTES: number = 1024 * 1024 * 1024;

  /** The upload deadline per year when not the framework's (shared with notification's reminders). */
  @UploadDeadlineOverridesSetting()
  UPLOAD_DEADLINES: string[] = [];

  /**
   * How long one HTTP request may take (Node's default of 5 minutes would cut a 50 MiB upload over
   * a 1 Mbit/s line). The orphan sweeper's grace must be longer.
   */
  @IsInt()
  @Min(1)
  UPLOAD_REQUEST_TIMEOUT_MINUTES: number = 120;

  /**
   * Objects older than this with no evidence row are orphans of a crash and are removed. Longer
   * than any upload can take, because S3 dates a multipart object from when its upload began.
   */
  @IsInt()
  @Min(1)
  ORPHAN_GRACE_MINUTES: number = 180;

  /** clamd (ClamAV's daemon) that scans every stored object before anyone may download it. */
  @IsString()
  CLAMD_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  CLAMD_PORT: number = 3310;

  /** How long one scan may take before the upload is refused as unscannable (fail closed). */
  @IsInt()
  @Min(1000)
  CLAMD_TIMEOUT_MS: number = 60_000;

  /**
   * Bytes one Pemda may keep in storage, over every year and version (withdrawn ones too: their
   * files stay). An upload that would pass it is refused before it is kept. 10 GiB by default.
   */
  @IsInt()
  @Min(1)
  PEMDA_STORAGE_QUOTA_BYTES: number = 10 * 1024 * 1024 * 1024;

  /** How often the service sweeps orphaned objects; 0 turns the periodic sweep off (the CLI remains). */
  @IsInt()
  @Min(0)
  ORPHAN_SWEEP_INTERVAL_MINUTES: number = 60;

  /**
   * Pre-checks of stored files (prechecks/): how often an idle replica looks for files on its own (0
   * turns them off on this replica; a file stored through the replica starts at once), the time and heap each file's check may take in its worker thread,
   * the largest file read at all, and how many pages are read for text and dates.
   */
  @IsInt()
  @Min(0)
  PRECHECK_INTERVAL_MS: number = 30_000;

  @IsInt()
  @Min(100)
  PRECHECK_TIME_LIMIT_MS: number = 30_000;

  @IsInt()
  @Min(32)
  PRECHECK_MEMORY_LIMIT_MB: number = 256;

  @IsInt()
  @Min(1)
  PRECHECK_MAX_BYTES: number = 64 * 1024 * 1024;

  @IsInt()
  @Min(1)
  PRECHECK_MAX_PAGES: number = 100;

  /** Worker threads checking files at once on a replica; each may take PRECHECK_MEMORY_LIMIT_MB of heap. */
  @IsInt()
  @Min(1)
  PRECHECK_THREADS: number = 2;
}
