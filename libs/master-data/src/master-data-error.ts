import type { FrameworkProblem } from '@mcp/mcp-domain';

/** Shipped reference data is missing or was edited into an invalid state; the message says where. */
export class MasterDataError extends Error {
  override readonly name: string = 'MasterDataError';
}

/** A framework file fails validateFramework; `problems` holds each one with its path. */
export class InvalidFrameworkFileError extends MasterDataError {
  override readonly name = 'InvalidFrameworkFileError';

  constructor(
    readonly file: string,
    readonly problems: FrameworkProblem[],
  ) {
    super(
      `${file} tidak valid:\n${problems.map((problem) => `- ${problem.path || '(akar)'}: ${problem.message}`).join('\n')}`,
    );
  }
}
