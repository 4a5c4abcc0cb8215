import { DomainError } from '@mcp/service-runtime';
import type { DataSource } from 'typeorm';
import { ATTACHMENT_KEY_PREFIX, IdempotencyKeys, RESUMABLE_UPLOAD_KEY_PREFIX } from './idempotency-keys';

describe('IdempotencyKeys.parse', () => {
  const keys = new IdempotencyKeys({} as DataSource);

  it('takes a client key as it is, and none when the header is absent', () => {
    expect(keys.parse('7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b')).toBe('7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b');
    expect(keys.parse(undefined)).toBeUndefined();
  });

  // A resumable upload's recorded answer is kept under `tus:<upload id>`: a client key of that shape
  // would be taken for someone else's upload record.
  it('refuses a client key beginning with the prefix resumable uploads use', () => {
    expect(RESUMABLE_UPLOAD_KEY_PREFIX).toBe('tus:');
    expect(() => keys.parse('tus:0123456789abcdef0123456789abcdef')).toThrow(
      expect.objectContaining({ code: 'INVALID_IDEMPOTENCY_KEY', kind: 'invalid-input' }) as DomainError,
    );
    expect(keys.parse('TUS-like:1')).toBe('TUS-like:1');
  });

  // Attachments keep theirs as `attachment:<key>`, apart from evidence's: a client key of that shape
  // would be taken for an attachment's answer on the evidence route.
  it('refuses a client key beginning with the prefix attachments use', () => {
    expect(ATTACHMENT_KEY_PREFIX).toBe('attachment:');
    expect(() => keys.parse('attachment:7c1f9a2b')).toThrow(expect.objectContaining({ code: 'INVALID_IDEMPOTENCY_KEY' }) as DomainError);
  });
});
