import type { AuthPrincipal, Role } from '@mcp/auth';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { RecipientRepository } from './recipient.repository';

// A person with several roles is filed under the one that receives the most.
const ROLE_PRIORITY: Role[] = ['admin', 'pemda-admin', 'pemda-operator', 'verifier', 'qa', 'analyst'];

/**
 * Keeps the recipient list current from the identity provider's claims: whoever calls this service
 * is (re)filed under their token's role, Pemda and wilayah, so a moved operator follows their token.
 */
@Injectable()
export class SignInSyncInterceptor implements NestInterceptor {
  constructor(private readonly recipients: RecipientRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = context.switchToHttp().getRequest<{ principal?: AuthPrincipal }>().principal;
    const role = principal && ROLE_PRIORITY.find((candidate) => principal.roles.includes(candidate));
    if (!principal || !role) return next.handle();
    const sync = this.recipients.syncFromClaims({
      userId: principal.subject,
      name: principal.name ?? null,
      role,
      pemdaCode: principal.pemdaCode ?? null,
      wilayah: principal.wilayah ?? null,
      email: null,
    });
    return from(sync).pipe(switchMap(() => next.handle()));
  }
}
