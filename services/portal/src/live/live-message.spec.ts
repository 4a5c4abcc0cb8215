import type { AuthPrincipal } from '@mcp/auth';
import { mayReceive, type LiveMessage } from './live-message';

const submitted = (pemdaCode: string, wilayah: 'III' | 'V'): LiveMessage => ({
  event: 'evidence.submitted',
  data: { pemdaCode, provinceCode: pemdaCode.slice(0, 2), wilayah, year: 2024, subIndicatorCode: 'PRC.1.1' },
});

describe('who hears a live hint', () => {
  const operatorBandung: AuthPrincipal = { subject: 'op', roles: ['pemda-operator'], pemdaCode: '32.73' };
  const verifierIII: AuthPrincipal = { subject: 'v3', roles: ['verifier'], wilayah: 'III' };
  const verifierV: AuthPrincipal = { subject: 'v5', roles: ['verifier'], wilayah: 'V' };
  const analyst: AuthPrincipal = { subject: 'an', roles: ['analyst'] };

  it("a Pemda's users hear their own Pemda only", () => {
    expect(mayReceive(operatorBandung, submitted('32.73', 'III'))).toBe(true);
    expect(mayReceive(operatorBandung, submitted('32.04', 'III'))).toBe(false);
  });

  it('verifiers hear their wilayah only; analysts everything', () => {
    expect(mayReceive(verifierIII, submitted('32.73', 'III'))).toBe(true);
    expect(mayReceive(verifierV, submitted('32.73', 'III'))).toBe(false);
    expect(mayReceive(analyst, submitted('32.73', 'III'))).toBe(true);
  });

  it('a Pemda whose wilayah is unknown reaches no verifier', () => {
    const message: LiveMessage = { event: 'evidence.verified', data: { pemdaCode: '99.01', provinceCode: '99', year: 2024, subIndicatorCode: 'X', outcome: 'approved' } };
    expect(mayReceive(verifierIII, message)).toBe(false);
  });

  it('regional and national averages reach everyone signed in', () => {
    const aggregate: LiveMessage = { event: 'aggregate.updated', data: { regionKind: 'province', regionCode: '32', year: 2024, average: '1.2' } };
    expect(mayReceive(operatorBandung, aggregate)).toBe(true);
  });
});
