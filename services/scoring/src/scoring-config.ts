import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

export class ScoringConfig extends ServiceConfig {
  /** The national target every Pemda has unless an admin sets its own (KPK has named 75–80). */
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  DEFAULT_TARGET: number = 75;

  /** Largest framework file (JSON or XLSX) an admin may upload. */
  @IsInt()
  @Min(1024)
  MAX_FRAMEWORK_UPLOAD_BYTES: number = 5 * 1024 * 1024;
}
