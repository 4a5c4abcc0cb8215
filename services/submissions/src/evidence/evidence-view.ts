import type { Evidence } from './evidence.entity';
import type { EvidenceView } from './submit-evidence.dto';

export function toEvidenceView(evidence: Evidence): EvidenceView {
  return {
    id: evidence.id,
    pemdaCode: evidence.pemdaCode,
    year: evidence.year,
    subIndicatorCode: evidence.subIndicatorCode,
    version: evidence.version,
    claimedValue: evidence.claimedValue,
    sha256: evidence.sha256,
    sizeBytes: evidence.sizeBytes,
    contentType: evidence.contentType,
    fileName: evidence.fileName,
    note: evidence.note,
    status: evidence.status,
    statusReason: evidence.statusReason,
    submittedBy: evidence.submittedBy,
    submittedAt: evidence.submittedAt.toISOString(),
    downloadUrl: `/v1/evidence/${evidence.id}/download`,
  };
}
