import type { DecisionOutcome, SubIndicator } from '@mcp/mcp-domain';
import { isRubricStep } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import type { DecisionInputDto } from './decide-task.dto';

/** A validated decision: what is stored, and the reason text the Pemda is told. */
export interface Verdict {
  outcome: DecisionOutcome;
  verifiedValue: number | null;
  reasonCode: string | null;
  note: string | null;
  reason: string | null;
}

export const DEFAULT_REJECTION_REASON = 'LAINNYA';

/**
 * An approval carries a value the rubric allows; a rejection a listed reason code and a note; a
 * revision request a note the Pemda can act on. `reason` is the older name of `note`.
 */
export function verdictOf(input: DecisionInputDto, subIndicator: SubIndicator, reasonLabels: ReadonlyMap<string, string>): Verdict {
  const note = (input.note ?? input.reason)?.trim() || null;
  if (input.outcome === 'approved') {
    return { outcome: 'approved', verifiedValue: approvedValue(input, subIndicator), reasonCode: null, note, reason: note };
  }
  if (!note) {
    throw new DomainError('invalid-input', 'REASON_REQUIRED', `Catatan (note) wajib diisi untuk keputusan ${input.outcome} (a note is required)`);
  }
  if (input.outcome === 'revision_requested') {
    return { outcome: 'revision_requested', verifiedValue: null, reasonCode: null, note, reason: note };
  }
  const reasonCode = input.reasonCode ?? DEFAULT_REJECTION_REASON;
  const label = reasonLabels.get(reasonCode);
  if (!label) {
    throw new DomainError(
      'unprocessable',
      'UNKNOWN_REASON_CODE',
      `Kode alasan ${reasonCode} tidak ada dalam daftar: ${[...reasonLabels.keys()].join(', ')} (unknown reason code)`,
    );
  }
  return { outcome: 'rejected', verifiedValue: null, reasonCode, note, reason: `${label}: ${note}` };
}

function approvedValue(input: DecisionInputDto, subIndicator: SubIndicator): number {
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
  return input.verifiedValue;
}
