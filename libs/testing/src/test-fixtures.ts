import { loadFramework } from '@mcp/master-data';
import type { Framework } from '@mcp/mcp-domain';

/**
 * The shipped 2024 example framework moved to another year (deadline included), so a suite has a
 * year of its own whose arithmetic is the 2024 one. `edit` changes the copy before it is returned.
 */
export function exampleFrameworkFor(year: number, edit: (framework: Framework) => void = () => undefined): Framework {
  const framework = structuredClone(loadFramework(2024));
  framework.year = year;
  framework.uploadDeadline = `${year}-11-30T23:59:59+07:00`;
  edit(framework);
  return framework;
}

/** The `code` of the error `action` throws (a DomainError's, e.g. `CLAIM_EXPIRED`), or undefined. */
export function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
