import { DomainError } from '../errors/domain-error';

const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

/**
 * An `Idempotency-Key` request header: undefined when absent; 400 INVALID_IDEMPOTENCY_KEY when it
 * is not 1-200 visible ASCII characters (a UUID fits). What a key replays is each route's own.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!KEY_SHAPE.test(key)) {
    throw new DomainError(
      'invalid-input',
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key harus 1-200 karakter ASCII yang terlihat, mis. sebuah UUID (Idempotency-Key must be 1-200 visible ASCII characters)',
    );
  }
  return key;
}
