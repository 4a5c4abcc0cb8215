import type { AuthPrincipal } from '@mcp/auth';
import { ForbiddenException } from '@nestjs/common';
import { assertMayReadPemdaScore } from './pemda-score-readers';

const operatorOf = (pemdaCode: string): AuthPrincipal => ({ subject: 'op', roles: ['pemda-operator'], pemdaCode });

describe('assertMayReadPemdaScore', () => {
  it("lets a Pemda's own people read only their own score, naming the Pemda when refused", () => {
    expect(() => assertMayReadPemdaScore(operatorOf('32.73'), '32.73')).not.toThrow();
    expect(() => assertMayReadPemdaScore(operatorOf('32.73'), '32.01')).toThrow(ForbiddenException);
    expect(() => assertMayReadPemdaScore(operatorOf('32.73'), '32.01')).toThrow(/Pemda 32\.01/);
  });

  it('lets verifiers, QA, analysts and admins read every Pemda', () => {
    const readers: AuthPrincipal[] = [
      { subject: 'v', roles: ['verifier'], wilayah: 'I' },
      { subject: 'q', roles: ['qa'], wilayah: 'V' },
      { subject: 'a', roles: ['analyst'] },
      { subject: 'n', roles: ['admin'] },
    ];
    for (const reader of readers) expect(() => assertMayReadPemdaScore(reader, '32.73')).not.toThrow();
  });
});
