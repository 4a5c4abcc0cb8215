import { KPK_ADMIN_PSEUDONYM, kpkStaffAsSeenBy, type AuthPrincipal } from '@mcp/auth';
import { ApiProperty } from '@nestjs/swagger';
import type { Evidence } from './evidence.entity';
import { fileNameOf } from './file-name';

export class EvidenceView {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ description: '1 for the first upload of the sub-indicator, then 2, 3…' }) version: number;
  @ApiProperty({ nullable: true, description: 'The claim (nilai) in force when this version was uploaded', type: Number }) claimedValue: number | null;
  @ApiProperty() sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'Decided from the content, not from the name' }) contentType: string;
  @ApiProperty({ description: "The sender's name made harmless, with the detected type's extension: text to show, not a path" }) fileName: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ enum: ['submitted', 'approved', 'rejected', 'revision_requested', 'withdrawn'] }) status: string;
  @ApiProperty({ nullable: true, description: "The verifier's reason (or the withdrawal's)", type: String }) statusReason: string | null;
  @ApiProperty({ enum: ['unscanned', 'clean', 'infected'], description: 'Malware scan (ClamAV): only clean files can be downloaded' }) scanStatus: string;
  @ApiProperty({ description: 'Who uploaded it; to the Pemda\'s own users an admin acting for the Pemda shows as "Admin KPK"' })
  submittedBy: string;
  @ApiProperty({ description: "An admin uploaded it on the Pemda's behalf" }) submittedOnBehalfOfPemda: boolean;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ example: '/v1/evidence/3f0c…/download' }) downloadUrl: string;
}

/**
 * One version as `viewer` sees it: an admin who uploaded for the Pemda is named to KPK roles only
 * (docs/decisions.md #46). Without a viewer (the uploader's own answer), as stored.
 */
export function toEvidenceView(evidence: Evidence, viewer?: AuthPrincipal): EvidenceView {
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
    fileName: fileNameOf(evidence),
    note: evidence.note,
    status: evidence.status,
    statusReason: evidence.statusReason,
    scanStatus: evidence.scanStatus,
    submittedBy: viewer && evidence.submittedOnBehalfOfPemda ? kpkStaffAsSeenBy(viewer, evidence.submittedBy, KPK_ADMIN_PSEUDONYM) : evidence.submittedBy,
    submittedOnBehalfOfPemda: evidence.submittedOnBehalfOfPemda ?? false,
    submittedAt: evidence.submittedAt.toISOString(),
    downloadUrl: `/v1/evidence/${evidence.id}/download`,
  };
}
