import { DomainError } from '@mcp/service-runtime';

/** The DomainError `act` throws (a refusal a unit test inspects), or undefined; anything else is rethrown. */
export function refusalOf(act: () => unknown): DomainError | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}
