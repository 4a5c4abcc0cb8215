import { ForbiddenException } from '@nestjs/common';
import { AuthPrincipal } from '../principal';
import { assertCanActForPemda, assertCanActForWilayah } from './assert-scope';

const operator: AuthPrincipal = { subject: 'o', roles: ['pemda-operator'], pemdaCode: '32.73' };
const verifier: AuthPrincipal = { subject: 'v', roles: ['verifier'], wilayah: 'II' };

describe('assertCanActForPemda', () => {
  it('passes for the own Pemda', () => {
    expect(() => assertCanActForPemda(operator, '32.73')).not.toThrow();
  });

  it('throws 403 naming the Pemda', () => {
    expect(() => assertCanActForPemda(operator, '11.01')).toThrow(
      new ForbiddenException('Anda tidak berwenang bertindak untuk Pemda 11.01 (not allowed to act for Pemda 11.01)'),
    );
  });
});

describe('assertCanActForWilayah', () => {
  it('passes for the own wilayah', () => {
    expect(() => assertCanActForWilayah(verifier, 'II')).not.toThrow();
  });

  it('throws 403 naming the wilayah', () => {
    expect(() => assertCanActForWilayah(verifier, 'IV')).toThrow(ForbiddenException);
    expect(() => assertCanActForWilayah(verifier, 'IV')).toThrow(/Wilayah IV/);
  });
});
