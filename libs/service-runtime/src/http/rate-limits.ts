import type { AuthPrincipal } from '@mcp/auth';
import { HttpException, HttpStatus, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { SkipThrottle, ThrottlerGuard, ThrottlerStorageService, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { ServiceConfig } from '../config/service-config';

/** The two limits: a signed-in user by subject, anyone else by client address. */
export const RATE_LIMITS = { user: 'user', anonymous: 'anonymous' } as const;

const MINUTE_MS = 60_000;

interface RequestWithPrincipal {
  principal?: AuthPrincipal;
}

const principalOf = (context: ExecutionContext): AuthPrincipal | undefined =>
  context.switchToHttp().getRequest<RequestWithPrincipal>().principal;

/**
 * Exempts a route from both rate limits. Only for what infrastructure polls from one address
 * (health probes, Prometheus): limiting those would make a service under a flood look dead and
 * get it restarted, and they do no work a flood could exploit.
 */
export const SkipRateLimits = () => SkipThrottle({ [RATE_LIMITS.user]: true, [RATE_LIMITS.anonymous]: true });

/**
 * @nestjs/throttler counting per user (the token's subject) or, without a principal, per client
 * address, over all routes of the replica together (a per-route count would let a client spread a
 * flood over the routes). Runs after the token was verified (see PlatformHttpGuard).
 */
export class RequestRateLimitGuard extends ThrottlerGuard {
  constructor(config: Pick<ServiceConfig, 'RATE_LIMIT_PER_USER_PER_MINUTE' | 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'>, reflector: Reflector) {
    super(
      {
        throttlers: [
          {
            name: RATE_LIMITS.user,
            ttl: MINUTE_MS,
            limit: config.RATE_LIMIT_PER_USER_PER_MINUTE,
            skipIf: (context) => principalOf(context) === undefined,
            getTracker: (request) => `user:${(request as RequestWithPrincipal).principal?.subject ?? ''}`,
          },
          {
            name: RATE_LIMITS.anonymous,
            ttl: MINUTE_MS,
            limit: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
            skipIf: (context) => principalOf(context) !== undefined,
          },
        ],
        // The tracker alone: one count per user or address, whichever route it calls.
        generateKey: (_context, tracker, throttler) => `${throttler}:${tracker}`,
        setHeaders: false,
      },
      new ThrottlerStorageService(),
      reflector,
    );
  }

  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    response.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'TOO_MANY_REQUESTS',
        message: `Terlalu banyak permintaan; coba lagi dalam ${Math.max(1, Math.ceil(detail.timeToBlockExpire))} detik (too many requests, retry later)`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
