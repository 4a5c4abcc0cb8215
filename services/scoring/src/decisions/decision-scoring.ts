import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { findSubIndicator, formatLocalTime, localTimeZoneOf } from '@mcp/mcp-domain';
import { PermanentEventError, ReferenceDataPendingError } from '@mcp/messaging';
import type { FrameworkRecord, PemdaRecord } from '@mcp/reference-data';
import type { ClosedYear } from '../years/closed-year.repository';

/** Retrying cannot make an unknown Pemda known: the decision goes to the dead-letter topic. */
export function requireDecisionPemda(pemda: PemdaRecord | undefined, decision: EvidenceVerifiedV1): PemdaRecord {
  if (!pemda) {
    throw new PermanentEventError(
      `Pemda ${decision.pemdaCode} tidak dikenal; keputusan ${decision.decisionId} tidak dapat dinilai ` +
        `(unknown Pemda ${decision.pemdaCode}; the decision cannot be scored)`,
    );
  }
  return pemda;
}

export function requireDecisionFramework(
  framework: FrameworkRecord | undefined,
  decision: EvidenceVerifiedV1,
): FrameworkRecord {
  if (!framework) {
    throw new PermanentEventError(
      `Kerangka MCP tahun ${decision.year} tidak tersedia; keputusan ${decision.decisionId} tidak dapat dinilai ` +
        `(no MCP framework for year ${decision.year}; the decision cannot be scored)`,
    );
  }
  return framework;
}

/**
 * A closed year's scores are final: a decision that arrives later is refused, never silently
 * applied and never silently dropped. The refusal is a business answer, not a failure: scoring
 * records it and announces it (mcp.decision.refused.v1), so verification and submissions show the
 * same truth (docs/decisions.md #74). Returns what the Pemda and the verifier are told, or undefined
 * when the year is open.
 */
export function closedYearRefusal(closed: ClosedYear | undefined, decision: EvidenceVerifiedV1): string | undefined {
  if (!closed) return undefined;
  // Read by the Pemda's operator on the item and by the verifier on the task: the time in the
  // Pemda's own zone, as notices write it; the decision's id last, for whoever asks KPK about it.
  return (
    `Tidak dihitung: tahun ${decision.year} sudah ditutup pada ${formatLocalTime(closed.closedAt, localTimeZoneOf(decision.provinceCode))}, ` +
    `sehingga keputusan ini tidak mengubah nilai akhir (keputusan ${decision.decisionId})`
  );
}

/**
 * Checked for every outcome: a rejection of a code the framework lacks would otherwise be stored
 * unnoticed, since only approvals reach the score computation. A code missing from scoring's copy
 * most likely belongs to a revision published a moment ago that has not reached scoring yet: the
 * decision waits for it (transient, docs/decisions.md #60) and is dead-lettered only if it never comes.
 */
export function requireDecisionSubIndicator(framework: FrameworkRecord, decision: EvidenceVerifiedV1): void {
  if (findSubIndicator(framework.index, decision.subIndicatorCode)) return;
  const { year, revision } = framework.framework;
  throw new ReferenceDataPendingError(
    `Subindikator ${decision.subIndicatorCode} tidak ada dalam kerangka ${year} revisi ${revision} ` +
      `(sub-indicator ${decision.subIndicatorCode} is not in framework ${year} r${revision})`,
  );
}
