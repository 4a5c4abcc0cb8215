import { errorCodeOf } from '@mcp/testing';
import { assertHoldsLiveClaim } from './live-claim';

const now = new Date('2024-12-02T03:00:00Z');
const later = new Date('2024-12-02T03:30:00Z');
const earlier = new Date('2024-12-02T02:59:59Z');

describe('assertHoldsLiveClaim', () => {
  it('lets the holder of a live claim decide', () => {
    expect(errorCodeOf(() => assertHoldsLiveClaim({ status: 'claimed', claimedBy: 'ana', leaseExpiresAt: later }, 'ana', now))).toBeUndefined();
  });

  it.each([
    ['someone else holds it', { status: 'claimed' as const, claimedBy: 'budi', leaseExpiresAt: later }],
    ['the lease ran out', { status: 'claimed' as const, claimedBy: 'ana', leaseExpiresAt: earlier }],
    ['the lease ends this very moment', { status: 'claimed' as const, claimedBy: 'ana', leaseExpiresAt: now }],
    ['nobody claimed it', { status: 'open' as const, claimedBy: null, leaseExpiresAt: null }],
    ['it is already decided', { status: 'decided' as const, claimedBy: 'ana', leaseExpiresAt: later }],
  ])('refuses when %s', (_case, task) => {
    expect(errorCodeOf(() => assertHoldsLiveClaim(task, 'ana', now))).toBe('NOT_CLAIM_HOLDER');
  });
});
