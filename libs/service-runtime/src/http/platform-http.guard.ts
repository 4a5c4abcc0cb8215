import { JwtAuthGuard } from '@mcp/auth';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RequestRateLimitGuard } from './rate-limits';

/**
 * The one global guard of every service: the bearer token first (so the rate limit knows the
 * user), then the rate limits. One guard rather than two APP_GUARDs because the order matters and
 * Nest orders global guards by module discovery. A refused token is still counted, against the
 * client's address, so a flood of forged tokens is limited too.
 */
@Injectable()
export class PlatformHttpGuard implements CanActivate {
  constructor(
    private readonly auth: JwtAuthGuard,
    private readonly rateLimits: RequestRateLimitGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    try {
      await this.auth.canActivate(context);
    } catch (refusal) {
      await this.rateLimits.canActivate(context);
      throw refusal;
    }
    return this.rateLimits.canActivate(context);
  }
}
