import type { AuthPrincipal } from '../principal';
import type { Role } from '../roles';
import { assertMayOpenEvidence, assertMayReadPemda } from './read-policy';

const bandung = { code: '32.73', wilayah: 'III' as const };
const as = (roles: Role[], scope: Partial<AuthPrincipal> = {}): AuthPrincipal => ({ subject: 's', roles, ...scope });

describe('the read policy', () => {
  it.each([
    ['its own operator', as(['pemda-operator'], { pemdaCode: '32.73' }), true, true],
    ['another Pemda', as(['pemda-admin'], { pemdaCode: '32.74' }), false, false],
    ['a verifier of its wilayah', as(['verifier'], { wilayah: 'III' }), true, true],
    ['a verifier of another wilayah', as(['verifier'], { wilayah: 'V' }), true, false],
    ['QA of its wilayah', as(['qa'], { wilayah: 'III' }), true, true],
    ['an analyst', as(['analyst']), true, false],
    ['an admin', as(['admin']), true, true],
  ])('lets %s read figures: %s, open evidence: %s', (_who, principal, readsFigures, opensEvidence) => {
    const allowed = (check: () => void) => {
      try {
        check();
        return true;
      } catch {
        return false;
      }
    };
    expect(allowed(() => assertMayReadPemda(principal, bandung.code))).toBe(readsFigures);
    expect(allowed(() => assertMayOpenEvidence(principal, bandung))).toBe(opensEvidence);
  });
});
