import { AuthPrincipal } from './principal';
import { canActForPemda, canActForWilayah } from './scope';

const admin: AuthPrincipal = { subject: 'a', roles: ['admin'] };
const operator: AuthPrincipal = { subject: 'o', roles: ['pemda-operator'], pemdaCode: '32.73' };
const pemdaAdmin: AuthPrincipal = { subject: 'p', roles: ['pemda-admin'], pemdaCode: '32' };
const verifier: AuthPrincipal = { subject: 'v', roles: ['verifier'], wilayah: 'II' };
const qa: AuthPrincipal = { subject: 'q', roles: ['qa'], wilayah: 'V' };
const analyst: AuthPrincipal = { subject: 'n', roles: ['analyst'] };

describe('canActForPemda', () => {
  it.each([
    ['admin, any Pemda', admin, '11.01', true],
    ['operator, own Pemda', operator, '32.73', true],
    ['operator, another Pemda', operator, '32.74', false],
    ['pemda-admin of a province, own province', pemdaAdmin, '32', true],
    ['pemda-admin of a province, a kota inside it', pemdaAdmin, '32.73', false],
    ['verifier', verifier, '32.73', false],
    ['analyst', analyst, '32.73', false],
    // A pemdaCode claim on a role that is not pemda-scoped grants nothing.
    ['analyst carrying a pemdaCode', { ...analyst, pemdaCode: '32.73' }, '32.73', false],
  ])('%s', (_case, principal, pemdaCode, expected) => {
    expect(canActForPemda(principal, pemdaCode)).toBe(expected);
  });
});

describe('canActForWilayah', () => {
  it.each([
    ['admin, any wilayah', admin, 'IV', true],
    ['verifier, own wilayah', verifier, 'II', true],
    ['verifier, another wilayah', verifier, 'III', false],
    ['qa, own wilayah', qa, 'V', true],
    ['qa, another wilayah', qa, 'I', false],
    ['pemda-operator', operator, 'II', false],
    ['analyst carrying a wilayah', { ...analyst, wilayah: 'II' }, 'II', false],
  ] as const)('%s', (_case, principal, wilayah, expected) => {
    expect(canActForWilayah(principal, wilayah)).toBe(expected);
  });
});
