import type { DecisionRefusedV1, EvidenceSubmittedV1, EvidenceVerifiedV1, EvidenceWithdrawnV1 } from '@mcp/contracts';

/** One `evidence_upload` row: an upload as `mcp.evidence.submitted.v1` announced it. */
export interface EvidenceUploadRow {
  evidenceId: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  claimedValue: number | null;
  submittedAt: string;
}

/** One `evidence_withdrawal` row: the upload it names no longer counts from `withdrawnAt` on. */
export interface EvidenceWithdrawalRow {
  evidenceId: string;
  withdrawnAt: string;
}

/** One `verification_decision` row: every decision is kept, the one in force is chosen when read. */
export interface VerificationDecisionRow {
  decisionId: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  sequence: number;
  outcome: string;
  verifiedValue: number | null;
  claimedValue: number | null;
  evidenceIds: string[];
  decidedAt: string;
}

/** One `decision_refusal` row: scoring counted the decision it names in no score (#74, #120). */
export interface DecisionRefusalRow {
  decisionId: string;
  reasonCode: string;
  reason: string;
  refusedAt: string;
}

export function evidenceUploadRowOf(data: EvidenceSubmittedV1): EvidenceUploadRow {
  return {
    evidenceId: data.evidenceId,
    pemdaCode: data.pemdaCode,
    year: data.year,
    subIndicatorCode: data.subIndicatorCode,
    claimedValue: data.claimedValue,
    submittedAt: data.submittedAt,
  };
}

export function evidenceWithdrawalRowOf(data: EvidenceWithdrawnV1): EvidenceWithdrawalRow {
  return { evidenceId: data.evidenceId, withdrawnAt: data.withdrawnAt };
}

export function verificationDecisionRowOf(data: EvidenceVerifiedV1): VerificationDecisionRow {
  return {
    decisionId: data.decisionId,
    pemdaCode: data.pemdaCode,
    year: data.year,
    subIndicatorCode: data.subIndicatorCode,
    sequence: data.sequence,
    outcome: data.outcome,
    verifiedValue: data.verifiedValue,
    claimedValue: data.claimedValue,
    evidenceIds: data.evidenceIds,
    decidedAt: data.decidedAt,
  };
}

export function decisionRefusalRowOf(data: DecisionRefusedV1): DecisionRefusalRow {
  return { decisionId: data.decisionId, reasonCode: data.reasonCode, reason: data.reason, refusedAt: data.refusedAt };
}
