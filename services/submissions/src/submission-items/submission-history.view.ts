import { KPK_ADMIN_PSEUDONYM, KPK_VERIFIER_PSEUDONYM, mayIdentifyKpkStaff, type AuthPrincipal } from '@mcp/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EvidenceView } from '../evidence/evidence.view';
import type { SubmissionHistory } from '../submission-records/submission-history.entity';
import { SubmissionItemView } from './item.view';

export class HistoryEntryView {
  @ApiProperty({ enum: ['uploaded', 'claim_changed', 'decided', 'withdrawn', 'not_counted'] }) kind: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: `Who did it; to the Pemda's own users a decision shows as "${KPK_VERIFIER_PSEUDONYM}" and an admin as "Admin KPK"` })
  actor: string;
  @ApiProperty({ description: 'An admin did it on the Pemda\'s behalf (upload, withdrawal, claim change)' }) onBehalfOfPemda: boolean;
  @ApiProperty({ example: 'oleh admin KPK atas nama Pemda', description: 'Who, as text to show' }) actorLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String }) evidenceId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) version: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) claimedValue: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) verifiedValue: number | null;
  @ApiPropertyOptional({ nullable: true, description: "Why: the operator's note, the verifier's reason, the withdrawal's reason", type: String })
  reason: string | null;
}

export class SubmissionHistoryView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: SubmissionItemView }) item: SubmissionItemView;
  @ApiProperty({ type: [EvidenceView], description: 'Every version, withdrawn ones included' }) versions: EvidenceView[];
  @ApiProperty({ type: [HistoryEntryView], description: 'Oldest first' }) history: HistoryEntryView[];
}

/**
 * One history entry as `viewer` may see it: KPK roles see every subject; the audited Pemda sees
 * that a KPK verifier decided, not which person (docs/decisions.md #46), and an admin's act on its
 * behalf as exactly that.
 */
export function toHistoryEntryView(entry: SubmissionHistory, viewer: AuthPrincipal): HistoryEntryView {
  const named = mayIdentifyKpkStaff(viewer);
  const actor = named ? entry.actor : entry.kind === 'decided' ? KPK_VERIFIER_PSEUDONYM : entry.onBehalfOfPemda ? KPK_ADMIN_PSEUDONYM : entry.actor;
  return {
    kind: entry.kind,
    occurredAt: entry.occurredAt.toISOString(),
    actor,
    onBehalfOfPemda: entry.onBehalfOfPemda,
    actorLabel: actorLabelOf(entry, actor, named),
    evidenceId: entry.evidenceId,
    version: entry.version,
    claimedValue: entry.claimedValue,
    outcome: entry.outcome,
    verifiedValue: entry.verifiedValue,
    reason: entry.reason,
  };
}

function actorLabelOf(entry: SubmissionHistory, actor: string, named: boolean): string {
  if (entry.onBehalfOfPemda) return named ? `oleh admin KPK ${actor} atas nama Pemda` : 'oleh admin KPK atas nama Pemda';
  if (entry.kind === 'decided') return named ? `oleh ${KPK_VERIFIER_PSEUDONYM} ${actor}` : `oleh ${KPK_VERIFIER_PSEUDONYM}`;
  return `oleh ${actor}`;
}
