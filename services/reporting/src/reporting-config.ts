import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, Max, Min } from 'class-validator';

export class ReportingConfig extends ServiceConfig {
  /** Requests per minute one client address may make to the unauthenticated open-data routes. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  OPEN_DATA_REQUESTS_PER_MINUTE: number = 60;
}
