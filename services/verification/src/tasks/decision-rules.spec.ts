import type { SubIndicator } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import { assertHoldsLiveClaim, assertValidDecision } from './decision-rules';

const now = new Date('2024-12-02T03:00:00Z');
const later = new Date('2024-12-02T03:30:00Z');
const earlier = new Date('2024-12-02T02:59:59Z');
const subIndicator: SubIndicator = {
  code: 'PRC.1.1',
  name: 'Penetapan SSH',
  weight: 33.33,
  rubricSteps: [0, 50, 100],
  requiredEvidence: [{ code: 'PRC.1.1.a', name: 'SK SSH' }],
};

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('assertHoldsLiveClaim', () => {
  it('lets the holder of a live claim decide', () => {
    expect(codeOf(() => assertHoldsLiveClaim({ status: 'claimed', claimedBy: 'ana', leaseExpiresAt: later }, 'ana', now))).toBeUndefined();
  });

  it.each([
    ['someone else holds it', { status: 'claimed' as const, claimedBy: 'budi', leaseExpiresAt: later }],
    ['the lease ran out', { status: 'claimed' as const, claimedBy: 'ana', leaseExpiresAt: earlier }],
    ['nobody claimed it', { status: 'open' as const, claimedBy: null, leaseExpiresAt: null }],
    ['it is already decided', { status: 'decided' as const, claimedBy: 'ana', leaseExpiresAt: later }],
  ])('refuses when %s', (_case, task) => {
    expect(codeOf(() => assertHoldsLiveClaim(task, 'ana', now))).toBe('NOT_CLAIM_HOLDER');
  });
});

describe('assertValidDecision', () => {
  it.each([
    [{ outcome: 'approved' as const, verifiedValue: 50 }, undefined],
    [{ outcome: 'approved' as const, verifiedValue: 70 }, 'VALUE_NOT_A_RUBRIC_STEP'],
    [{ outcome: 'approved' as const }, 'VERIFIED_VALUE_REQUIRED'],
    [{ outcome: 'rejected' as const, reason: 'SK belum ditandatangani' }, undefined],
    [{ outcome: 'rejected' as const, reason: '   ' }, 'REASON_REQUIRED'],
    [{ outcome: 'revision_requested' as const }, 'REASON_REQUIRED'],
  ])('%j → %s', (input, expected) => {
    expect(codeOf(() => assertValidDecision(input, subIndicator))).toBe(expected);
  });
});
