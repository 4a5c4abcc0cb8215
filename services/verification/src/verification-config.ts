import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, Max, Min } from 'class-validator';

export class VerificationConfig extends ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3002;

  /** How long a claim holds a task before it returns to the queue. */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  CLAIM_LEASE_MINUTES: number = 30;
}
