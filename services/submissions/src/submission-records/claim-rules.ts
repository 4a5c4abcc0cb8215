import { isRubricStep, type SubIndicator } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';

export function assertClaimOnRubric(subIndicator: SubIndicator, claimedValue: number): void {
  if (!isRubricStep(subIndicator, claimedValue)) {
    throw new DomainError(
      'unprocessable',
      'CLAIMED_VALUE_NOT_A_RUBRIC_STEP',
      `Nilai klaim ${claimedValue} bukan salah satu langkah rubrik ${subIndicator.rubricSteps.join('/')} (claimed value must be a rubric step)`,
    );
  }
}
