import { UnauthorizedException } from '@nestjs/common';
import { AuthPrincipal } from '../principal';

/** The part of an HTTP request the guard reads and writes. */
export interface AuthenticatedRequest {
  headers: { authorization?: string };
  principal?: AuthPrincipal;
}

/** One 401 body for every way a token can fail; `detail` says which, in Indonesian. */
export function missingOrInvalidToken(detail: string): UnauthorizedException {
  return new UnauthorizedException({
    statusCode: 401,
    error: 'Unauthorized',
    message: 'Token tidak ada atau tidak valid (missing or invalid bearer token)',
    detail,
  });
}
