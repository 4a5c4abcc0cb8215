import { DomainError } from '../errors/domain-error';
import { parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('takes 1-200 visible ASCII characters, the first of repeated headers, and nothing when absent', () => {
    expect(parseIdempotencyKey('3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b')).toBe('3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b');
    expect(parseIdempotencyKey('k'.repeat(200))).toBe('k'.repeat(200));
    expect(parseIdempotencyKey(['pertama', 'kedua'])).toBe('pertama');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it('refuses an empty, spaced, non-ASCII or too long key with INVALID_IDEMPOTENCY_KEY', () => {
    for (const key of ['', 'dua kata', 'kunci-é', 'k'.repeat(201)]) {
      const refusal = (() => {
        try {
          parseIdempotencyKey(key);
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({ kind: 'invalid-input', code: 'INVALID_IDEMPOTENCY_KEY' });
    }
  });
});
