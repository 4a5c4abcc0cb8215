import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, IsString, Max, Min } from 'class-validator';

export class SubmissionsConfig extends ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3001;

  /** Where evidence files are kept (local-disk storage driver). */
  @IsString()
  STORAGE_DIR: string = '.local/evidence';

  /** Uploads beyond this are cut off while streaming, before they fill the disk. */
  @IsInt()
  @Min(1)
  MAX_UPLOAD_BYTES: number = 50 * 1024 * 1024;
}
