import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, IsNumber, IsTimeZone, Matches, Max, Min } from 'class-validator';

export class VerificationConfig extends ServiceConfig {
  /** How long a claim holds a task before it returns to the queue; an extension restarts it. */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  CLAIM_LEASE_MINUTES: number = 30;

  /** How long before a claim's lease runs out its holder is warned (mcp.task.lease-expiring.v1). */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LEASE_WARNING_MINUTES: number = 5;

  /** How often each replica looks for leases about to run out; 0 switches the warnings off. */
  @IsInt()
  @Min(0)
  LEASE_WARNING_INTERVAL_MS: number = 60_000;

  /** How many times one task may be sent back to the Pemda for revision. */
  @IsInt()
  @Min(0)
  @Max(10)
  MAX_REVISION_ROUNDS: number = 1;

  /** How long after a decision its verifier may still correct it. */
  @IsInt()
  @Min(0)
  @Max(365)
  CORRECTION_PERIOD_DAYS: number = 7;

  /** Share of approvals and rejections (in percent) sampled into the QA queue. */
  @IsNumber()
  @Min(0)
  @Max(100)
  QA_SAMPLE_PERCENT: number = 10;

  /** The calendar the manager views count "decided today" in. */
  @IsTimeZone()
  STATS_TIME_ZONE: string = 'Asia/Jakarta';

  /** Where verifiers' browsers reach the submissions service, for the evidence download links. */
  @Matches(/^https?:\/\/.+/, { message: 'SUBMISSIONS_PUBLIC_URL must be an http(s) URL' })
  SUBMISSIONS_PUBLIC_URL: string = 'http://127.0.0.1:3001';
}
