import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthPrincipal } from '../principal';
import { Role } from '../roles';
import { AuthenticatedRequest, missingOrInvalidToken } from './authenticated-request';

export const IS_PUBLIC_KEY = 'mcp:auth:public';
export const REQUIRED_ROLES_KEY = 'mcp:auth:roles';

/** Lets a route (or a whole controller) through without a token, e.g. health checks. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** Lets through only principals holding at least one of the roles; `admin` is not implied. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES_KEY, roles);

/** The verified principal of the request; 401 on a route where the guard did not run. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) {
    throw missingOrInvalidToken('Rute ini tidak dijaga JwtAuthGuard, jadi tidak ada principal');
  }
  return principal;
});
