/**
 * Errors a use case raises in domain words; one filter maps them to HTTP, so services never
 * construct HTTP exceptions in their logic.
 */
export type DomainErrorKind =
  | 'invalid-input'
  | 'unauthenticated'
  | 'not-found'
  | 'forbidden'
  | 'conflict'
  | 'unprocessable'
  | 'gone'
  | 'too-large'
  /** A dependency the answer needs is down (e.g. the malware scanner): try again later. */
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `UNKNOWN_PEMDA`. */
    readonly code: string,
    message: string,
    /** Structured facts a client can act on (e.g. every problem of an import, a size limit). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
