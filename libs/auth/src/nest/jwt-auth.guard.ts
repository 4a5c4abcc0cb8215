import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError } from '../authentication-error';
import { AuthPrincipal } from '../principal';
import { Role } from '../roles';
import { TokenVerifier } from '../token-verifier';
import { IS_PUBLIC_KEY, REQUIRED_ROLES_KEY } from './auth-decorators';
import { AuthenticatedRequest, missingOrInvalidToken } from './authenticated-request';

const BEARER_PATTERN = /^Bearer\s+(\S+)$/i;

/**
 * Verifies the bearer token of every HTTP route not marked @Public(), puts the principal on the
 * request and enforces @Roles(). Scope (which Pemda, which wilayah) is checked by the handler,
 * which alone knows the resource, with assertCanActForPemda / assertCanActForWilayah.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger(JwtAuthGuard.name);

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers of a hybrid app carry no bearer token: they are internal, trusted traffic.
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request.headers.authorization);
    // Set before the role check: a refused request is still logged and rate-limited as this user.
    request.principal = principal;
    assertHasRequiredRole(principal, this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES_KEY, targets));
    return true;
  }

  private async authenticate(authorization: string | undefined): Promise<AuthPrincipal> {
    const token = authorization?.match(BEARER_PATTERN)?.[1];
    if (!token) {
      throw missingOrInvalidToken('Header Authorization: Bearer <token> tidak ada');
    }
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      throw error instanceof AuthenticationError ? this.toHttpError(error) : error;
    }
  }

  private toHttpError(error: AuthenticationError): Error {
    if (error.failure === 'key-unavailable') {
      this.logger.error(`Kunci verifikasi token tidak tersedia: ${String(error.cause)}`);
      return new ServiceUnavailableException(
        'Verifikasi token sementara tidak tersedia (token verification temporarily unavailable)',
      );
    }
    return missingOrInvalidToken(error.message);
  }
}

function assertHasRequiredRole(principal: AuthPrincipal, required: Role[] | undefined): void {
  if (!required || required.length === 0 || required.some((role) => principal.roles.includes(role))) {
    return;
  }
  const names = required.join(', ');
  throw new ForbiddenException(
    `Peran tidak mencukupi: dibutuhkan salah satu dari ${names} (requires one of roles: ${names})`,
  );
}
