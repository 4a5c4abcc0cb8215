/** A verified value the framework cannot score; the message is Indonesian and names the code. */
export class ScoringInputError extends Error {
  override readonly name = 'ScoringInputError';

  constructor(
    readonly subIndicatorCode: string,
    message: string,
  ) {
    super(message);
  }
}
