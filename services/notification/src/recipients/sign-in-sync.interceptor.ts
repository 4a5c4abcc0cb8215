import type { AuthPrincipal, Role } from '@mcp/auth';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { NOTIFICATION_RULES } from '../messages/rules';
import { RecipientRepository } from './recipient.repository';

/** Roles some rule picks its recipients by; the others (verifier, analyst) are only ever told by name. */
export const ROLES_TOLD_BY_ROLE: ReadonlySet<Role> = new Set(
  NOTIFICATION_RULES.flatMap(({ audience }) => (audience.scope === 'person' ? [] : audience.roles)),
);

/**
 * A `recipient` row holds one role, so a person with several is filed under one. Roles some rule
 * addresses rank above those none does: a QA reviewer who is also a verifier is filed as qa and
 * hears of the samples (notices to a verifier find them by user id, whatever their filed role).
 * Admin ranks above qa: its notices (dead letters, a disabled webhook) are mandatory alarms, while
 * every QA reviewer of the wilayah hears of a sample; an admin can still file such a person as qa.
 */
export const ROLE_PRIORITY: readonly Role[] = ['admin', 'pemda-admin', 'pemda-operator', 'qa', 'verifier', 'analyst'];

/**
 * The role a sign-in files a person under, and the roles an admin's filing may keep instead: those
 * of the token that some rule addresses (so an admin who filed an admin-and-qa person as qa is not
 * undone at their next call, while a role the token no longer grants is).
 */
export function filingOf(roles: readonly Role[]): { role: Role; keepFiled: Role[] } | null {
  const role = ROLE_PRIORITY.find((candidate) => roles.includes(candidate));
  if (!role) return null;
  return { role, keepFiled: ROLE_PRIORITY.filter((candidate) => roles.includes(candidate) && ROLES_TOLD_BY_ROLE.has(candidate)) };
}

/**
 * Keeps the recipient list current from the identity provider's claims: whoever calls this service
 * is (re)filed under their token's role, Pemda and wilayah, so a moved operator follows their token.
 */
@Injectable()
export class SignInSyncInterceptor implements NestInterceptor {
  constructor(private readonly recipients: RecipientRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = context.switchToHttp().getRequest<{ principal?: AuthPrincipal }>().principal;
    const filing = principal && filingOf(principal.roles);
    if (!principal || !filing) return next.handle();
    const sync = this.recipients.syncFromClaims(
      {
        userId: principal.subject,
        name: principal.name ?? null,
        role: filing.role,
        pemdaCode: principal.pemdaCode ?? null,
        wilayah: principal.wilayah ?? null,
        email: null,
      },
      filing.keepFiled,
    );
    return from(sync).pipe(switchMap(() => next.handle()));
  }
}
