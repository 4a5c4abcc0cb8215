import { ROLES, type AuthPrincipal, type Role } from '@mcp/auth';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import type { RecipientRepository } from './recipient.repository';
import { filingOf, ROLE_PRIORITY, ROLES_TOLD_BY_ROLE, SignInSyncInterceptor } from './sign-in-sync.interceptor';

describe('the role a sign-in files a person under', () => {
  it.each<[Role[], Role, Role[]]>([
    [['verifier'], 'verifier', []],
    [['qa'], 'qa', ['qa']],
    // The defect: filed as verifier, whom no rule addresses by role, a QA reviewer heard of no sample.
    [['verifier', 'qa'], 'qa', ['qa']],
    [['qa', 'verifier'], 'qa', ['qa']],
    [['admin', 'qa'], 'admin', ['admin', 'qa']],
    [['admin', 'verifier'], 'admin', ['admin']],
    [['analyst', 'qa'], 'qa', ['qa']],
    [['pemda-operator', 'pemda-admin'], 'pemda-admin', ['pemda-admin', 'pemda-operator']],
  ])('%j: filed as %s; an admin may instead keep them as one of %j', (roles, role, keepFiled) => {
    expect(filingOf(roles)).toEqual({ role, keepFiled });
  });

  it('files nobody without a known role', () => {
    expect(filingOf([])).toBeNull();
  });

  it('ranks every role and puts each role some rule addresses above each role none does', () => {
    expect([...ROLE_PRIORITY].sort()).toEqual([...ROLES].sort());
    expect([...ROLES_TOLD_BY_ROLE].sort()).toEqual(['admin', 'pemda-admin', 'pemda-operator', 'qa']);
    const lastTold = Math.max(...ROLE_PRIORITY.map((role, index) => (ROLES_TOLD_BY_ROLE.has(role) ? index : -1)));
    const firstUntold = ROLE_PRIORITY.findIndex((role) => !ROLES_TOLD_BY_ROLE.has(role));
    expect(lastTold).toBeLessThan(firstUntold);
  });
});

describe('SignInSyncInterceptor', () => {
  function callBy(principal: AuthPrincipal | undefined) {
    const synced: unknown[][] = [];
    const recipients = { syncFromClaims: async (...args: unknown[]) => void synced.push(args) } as unknown as RecipientRepository;
    const context = { switchToHttp: () => ({ getRequest: () => ({ principal }) }) } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of('jawaban') };
    return { synced, answer: lastValueFrom(new SignInSyncInterceptor(recipients).intercept(context, next)) };
  }

  it('refiles a QA reviewer who is also a verifier as qa of their wilayah, keeping an admin’s qa filing', async () => {
    const { synced, answer } = callBy({ subject: 'eka', roles: ['verifier', 'qa'], wilayah: 'III', name: 'Eka' } as AuthPrincipal);
    expect(await answer).toBe('jawaban');
    expect(synced).toEqual([[{ userId: 'eka', name: 'Eka', role: 'qa', pemdaCode: null, wilayah: 'III', email: null }, ['qa']]]);
  });

  it('lets a call without a principal through untouched', async () => {
    const { synced, answer } = callBy(undefined);
    expect(await answer).toBe('jawaban');
    expect(synced).toEqual([]);
  });
});
