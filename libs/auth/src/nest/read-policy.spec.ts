import type { AuthPrincipal } from '../principal';
import type { Role } from '../roles';
import { actsOnBehalfOfPemda } from '../scope';
import { assertMayOpenEvidence, assertMayReadPemda, assertMayReadRegion, KPK_VERIFIER_PSEUDONYM, kpkStaffAsSeenBy, mayIdentifyKpkStaff } from './read-policy';

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

describe("a region's figures", () => {
  const refusal = (check: () => void) => {
    try {
      check();
      return null;
    } catch (error) {
      return (error as { getResponse(): { error: string } }).getResponse().error;
    }
  };
  const bandungOperator = as(['pemda-operator'], { pemdaCode: '32.73' });
  const jawaBarat = ['32', '32.73', '32.74'];

  it("are read by every KPK role, and by a Pemda's users in the regions their Pemda belongs to", () => {
    for (const role of ['verifier', 'qa', 'analyst', 'admin'] as const) {
      expect(refusal(() => assertMayReadRegion(as([role], { wilayah: 'I' }), '31', ['31']))).toBeNull();
    }
    expect(refusal(() => assertMayReadRegion(bandungOperator, '32', jawaBarat))).toBeNull();
  });

  it("are refused to a Pemda's users in a region theirs is not in: regions nest, and subtraction would give the one left out", () => {
    expect(refusal(() => assertMayReadRegion(bandungOperator, '35', ['35', '35.78', '35.15']))).toBe('NOT_ALLOWED_FOR_REGION');
    expect(refusal(() => assertMayReadRegion(bandungOperator, '31', ['31']))).toBe('NOT_ALLOWED_FOR_REGION');
  });

  it("of one or two Pemda are those Pemda's own: DKI Jakarta reads its province, a member of two does not", () => {
    expect(refusal(() => assertMayReadRegion(as(['pemda-admin'], { pemdaCode: '31' }), '31', ['31']))).toBeNull();
    // A member of a two-Pemda region would read its partner's figures off the average.
    expect(refusal(() => assertMayReadRegion(bandungOperator, '99', ['32.73', '99.01']))).toBe('NOT_ALLOWED_FOR_REGION');
  });

  it("are refused naming a province as a province, never as a wilayah (KPK's regions I–V)", () => {
    const messageOf = (check: () => void) => {
      try {
        check();
        return null;
      } catch (error) {
        return (error as { getResponse(): { message: string } }).getResponse().message;
      }
    };
    expect(messageOf(() => assertMayReadRegion(bandungOperator, '35', ['35', '35.78', '35.15']))).toMatch(/^Angka Provinsi 35 hanya untuk KPK /);
    expect(messageOf(() => assertMayReadRegion(bandungOperator, 'wilayah-V', ['51', '51.71', '52']))).toMatch(/^Angka Wilayah V hanya untuk KPK /);
    expect(messageOf(() => assertMayReadRegion(bandungOperator, '99', ['32.73', '99.01']))).toMatch(/^Provinsi 99 hanya beranggotakan 2 Pemda,/);
  });
});

describe('who sees whom', () => {
  it('names KPK staff to KPK roles only; the audited Pemda sees that KPK acted, not who', () => {
    expect(mayIdentifyKpkStaff(as(['pemda-operator'], { pemdaCode: '32.73' }))).toBe(false);
    expect(mayIdentifyKpkStaff(as(['pemda-admin'], { pemdaCode: '32.73' }))).toBe(false);
    for (const role of ['verifier', 'qa', 'analyst', 'admin'] as const) expect(mayIdentifyKpkStaff(as([role]))).toBe(true);
    expect(kpkStaffAsSeenBy(as(['pemda-operator'], { pemdaCode: '32.73' }), 'ana', KPK_VERIFIER_PSEUDONYM)).toBe('Verifikator KPK');
    expect(kpkStaffAsSeenBy(as(['qa'], { wilayah: 'III' }), 'ana', KPK_VERIFIER_PSEUDONYM)).toBe('ana');
  });

  it("records an admin's act for another Pemda as on its behalf, a Pemda's own act as its own", () => {
    expect(actsOnBehalfOfPemda(as(['admin']), '32.73')).toBe(true);
    expect(actsOnBehalfOfPemda(as(['pemda-operator'], { pemdaCode: '32.73' }), '32.73')).toBe(false);
    expect(actsOnBehalfOfPemda(as(['pemda-admin', 'admin'], { pemdaCode: '32.73' }), '32.73')).toBe(false);
    expect(actsOnBehalfOfPemda(as(['pemda-admin', 'admin'], { pemdaCode: '32.73' }), '32.74')).toBe(true);
  });
});
