export type AuthenticationFailure = 'expired' | 'invalid-token' | 'invalid-claims' | 'key-unavailable';

/** A token could not be accepted; the message is Indonesian and safe to show to the caller. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';

  constructor(
    readonly failure: AuthenticationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
