import type { SubIndicator } from '@mcp/mcp-domain';
import { isRubricStep } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import type { DecideTaskDto } from './decide-task.dto';
import type { Task } from './task.entity';

/** Only the verifier who holds a claim whose lease has not run out may decide the task. */
export function assertHoldsLiveClaim(task: Pick<Task, 'status' | 'claimedBy' | 'leaseExpiresAt'>, subject: string, now: Date): void {
  const live = task.status === 'claimed' && task.leaseExpiresAt !== null && task.leaseExpiresAt > now;
  if (!live || task.claimedBy !== subject) {
    throw new DomainError(
      'conflict',
      'NOT_CLAIM_HOLDER',
      'Tugas ini tidak sedang Anda klaim; klaim dulu sebelum memutuskan (you do not hold a live claim on this task)',
    );
  }
}

/**
 * An approval carries a value the rubric allows; a rejection or a revision request carries a
 * reason the Pemda can act on.
 */
export function assertValidDecision(input: DecideTaskDto, subIndicator: SubIndicator): void {
  if (input.outcome !== 'approved') {
    if (!input.reason?.trim()) {
      throw new DomainError('invalid-input', 'REASON_REQUIRED', `Alasan wajib diisi untuk keputusan ${input.outcome} (a reason is required)`);
    }
    return;
  }
  if (input.verifiedValue === undefined) {
    throw new DomainError('invalid-input', 'VERIFIED_VALUE_REQUIRED', 'Nilai verifikasi wajib diisi untuk persetujuan (verifiedValue is required when approving)');
  }
  if (!isRubricStep(subIndicator, input.verifiedValue)) {
    throw new DomainError(
      'unprocessable',
      'VALUE_NOT_A_RUBRIC_STEP',
      `Nilai ${input.verifiedValue} bukan langkah rubrik ${subIndicator.rubricSteps.join('/')} (value must be a rubric step)`,
    );
  }
}
