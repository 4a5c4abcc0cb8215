import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, Max, Min } from 'class-validator';

export class ReportingConfig extends ServiceConfig {
  /** Requests per minute one client address may make to the unauthenticated open-data routes. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  OPEN_DATA_REQUESTS_PER_MINUTE: number = 60;

  /**
   * The total the report card's path-to-target aims at: scoring's DEFAULT_TARGET, the national
   * target. A target an admin sets for one Pemda lives in scoring and reaches no event, so the
   * card names the national target as such.
   */
  @IsInt()
  @Min(0)
  @Max(100)
  REPORT_CARD_TARGET: number = 75;

  /** How often the audit log's head is published when it moved (`mcp.audit.head.v1`); 0 turns it off. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  AUDIT_HEAD_INTERVAL_MS: number = 60_000;
}
